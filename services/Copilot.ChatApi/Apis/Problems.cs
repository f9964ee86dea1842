using Microsoft.AspNetCore.Http.HttpResults;

namespace Copilot.ChatApi.Apis;

/// <summary>Problem details with the seed's texts, so clients see the same messages.</summary>
internal static class Problems
{
    public static ProblemHttpResult SessionNotFound(Guid sessionId) =>
        TypedResults.Problem(detail: $"Session {sessionId} not found or access denied", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Validation(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity);
}
