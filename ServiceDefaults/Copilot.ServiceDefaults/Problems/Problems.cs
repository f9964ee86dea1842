using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Copilot.ServiceDefaults.Problems;

/// <summary>
/// RFC 7807 answers for handlers, one helper per status the services use; the texts (the seed's, where it had one)
/// stay with each service.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Status(int statusCode, string detail) => TypedResults.Problem(detail: detail, statusCode: statusCode);

    public static ProblemHttpResult BadRequest(string detail) => Status(StatusCodes.Status400BadRequest, detail);

    public static ProblemHttpResult Forbidden(string detail) => Status(StatusCodes.Status403Forbidden, detail);

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);

    /// <summary>Well-formed but unacceptable input, as the seed answered it.</summary>
    public static ProblemHttpResult Validation(string detail) => Status(StatusCodes.Status422UnprocessableEntity, detail);

    /// <summary>A payment provider failed; its own message never reaches the client (it can leak ids and configuration).</summary>
    public static ProblemHttpResult BadGateway(string detail) => Status(StatusCodes.Status502BadGateway, detail);

    public static ProblemHttpResult Unavailable(string detail) => Status(StatusCodes.Status503ServiceUnavailable, detail);
}
