using System.Text.Json.Serialization;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using Copilot.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Copilot.ChatApi.InternalTurns;

/// <summary>The HTTP door for internal services: run a prompt in a session and wait (not routed by the gateway).</summary>
public static class InternalTurnApi
{
    public static IEndpointRouteBuilder MapInternalTurnApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/chat/turns", RunTurn).RequireAuthorization(InternalApiKey.Policy).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Holds the request until the turn ends or <c>timeout_seconds</c> pass; <c>queued</c> and <c>running</c> are
    /// answers, not errors, so the caller knows to look again. A turn usage refuses is a 429 with usage's text.
    /// </summary>
    public static async Task<Results<Ok<InternalTurnResponse>, ProblemHttpResult>> RunTurn(
        RunSessionTurn request, SessionTurnIntake intake, TurnSubmitter submitter, TurnResultWaiter waiter, CancellationToken cancellationToken)
    {
        var (session, invalid, notFound) = await intake.AcceptAsync(request, cancellationToken);
        if (session is null)
        {
            return TypedResults.Problem(detail: invalid, statusCode: notFound ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity);
        }

        var submitted = await submitter.SubmitAsync(SessionTurnIntake.ToSubmission(session, request), cancellationToken);
        if (submitted is SubmitOutcome.Refused refused)
        {
            return TypedResults.Problem(detail: refused.Verdict.RefusalText, statusCode: StatusCodes.Status429TooManyRequests);
        }

        var (outcome, result) = await waiter.WaitAsync(submitted, session.UserId, SessionTurnIntake.Wait(request), cancellationToken);
        return TypedResults.Ok(InternalTurnResponse.From(new SessionTurnFinished(session.Id, outcome, result)));
    }
}

/// <summary>The HTTP shape of <see cref="SessionTurnFinished"/>: outcomes in the seed's lowercase words.</summary>
public sealed record InternalTurnResponse(
    Guid? SessionId,
    string Outcome,
    string ResponseText,
    IReadOnlyList<ToolCallEntry> ToolCalls,
    TokenUsage Usage,
    bool Queued,
    [property: JsonPropertyName("pending_buffer_length")] int FollowUpBufferLength)
{
    public static InternalTurnResponse From(SessionTurnFinished finished) => new(
        finished.SessionId, finished.Outcome.ToString().ToLowerInvariant(), finished.Result.ResponseText, finished.Result.ToolCalls,
        finished.Result.Usage, finished.Result.Queued, finished.Result.FollowUpBufferLength);
}
