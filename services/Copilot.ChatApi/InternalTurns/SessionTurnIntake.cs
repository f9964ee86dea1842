using Copilot.Chat.Data;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Sessions;
using Copilot.Chat.Turns;
using Copilot.Contracts;

namespace Copilot.ChatApi.InternalTurns;

/// <summary>The checks and the session every internal turn request needs, whichever transport brought it.</summary>
public sealed class SessionTurnIntake(ChatSessions sessions)
{
    /// <summary>As long as the seed's AutoPilot block may wait for a copilot turn.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(6);

    public const int MaxOriginLength = 200;

    /// <summary>The session to run in (created when the request names none), or why the request is refused.</summary>
    public async Task<(ChatSession? Session, string? Refusal, bool NotFound)> AcceptAsync(RunSessionTurn request, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            return (null, invalid, false);
        }

        if (request.SessionId is { } id)
        {
            var owned = await sessions.FindOwnedAsync(id, request.UserId, cancellationToken);
            return owned is null ? (null, $"Session {id} not found or access denied", true) : (owned, null, false);
        }

        // Untitled: the executor names it after the message, as it names every session.
        return (await sessions.CreateAsync(request.UserId, new SessionMetadata(), title: null, cancellationToken), null, false);
    }

    public static MessageSubmission ToSubmission(ChatSession session, RunSessionTurn request) =>
        new(session, request.Message, string.IsNullOrWhiteSpace(request.Origin) ? TurnOrigins.Internal : request.Origin)
        {
            Permissions = request.Permissions,
            Mode = request.Mode,
        };

    public static TimeSpan Wait(RunSessionTurn request) => TimeSpan.FromSeconds(request.TimeoutSeconds);

    private static string? Validate(RunSessionTurn request)
    {
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            return "user_id is required.";
        }

        if (string.IsNullOrWhiteSpace(request.Message))
        {
            return "message is required.";
        }

        if (request.Message.Length > FollowUp.MaxContentLength)
        {
            return $"message may be at most {FollowUp.MaxContentLength} characters.";
        }

        if (!TurnModes.IsValid(request.Mode))
        {
            return TurnModes.Invalid;
        }

        if (request.Origin is { Length: > MaxOriginLength })
        {
            return $"origin may be at most {MaxOriginLength} characters.";
        }

        return request.TimeoutSeconds < 0 || request.TimeoutSeconds > MaxWait.TotalSeconds
            ? $"timeout_seconds must be between 0 and {(int)MaxWait.TotalSeconds}."
            : null;
    }
}
