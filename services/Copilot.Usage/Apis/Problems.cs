using Microsoft.AspNetCore.Http.HttpResults;

namespace Copilot.Usage.Apis;

/// <summary>RFC 7807 problems carrying the seed's texts.</summary>
internal static class Problems
{
    public static ProblemHttpResult Status(int statusCode, string detail) => TypedResults.Problem(detail: detail, statusCode: statusCode);

    public static ProblemHttpResult BadRequest(string detail) => Status(StatusCodes.Status400BadRequest, detail);

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Unavailable(string detail) => Status(StatusCodes.Status503ServiceUnavailable, detail);
}
