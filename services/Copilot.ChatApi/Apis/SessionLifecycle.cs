using System.Diagnostics;
using System.Security.Claims;
using Copilot.ChatApi.Models;
using Copilot.ChatApi.Sessions;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Copilot.ChatApi.Apis;

/// <summary>Stopping a turn and deleting a session: the two operations that must leave no turn running behind.</summary>
public static class SessionLifecycle
{
    public static async Task<Results<Ok<CancelSessionResponse>, ProblemHttpResult>> CancelTurn(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, TurnCanceller canceller, CancellationToken cancellationToken)
    {
        if (await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken) is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        return TypedResults.Ok(await canceller.CancelAsync(sessionId, cancellationToken) switch
        {
            CancelOutcome.NoActiveTurn => new CancelSessionResponse(false, "no_active_session"),
            CancelOutcome.Stopped => new CancelSessionResponse(true, null),
            CancelOutcome.ForceCompleted => new CancelSessionResponse(true, "force_completed"),
            var outcome => throw new UnreachableException($"Stop came to {outcome}."),
        });
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSession(
        Guid sessionId, ClaimsPrincipal user, SessionDeleter deleter, CancellationToken cancellationToken) =>
        await deleter.DeleteAsync(sessionId, user.GetUserId(), cancellationToken) ? TypedResults.NoContent() : Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
}
