using Copilot.Chat.Data;
using Copilot.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Executor.Tools.SubSessions;

/// <summary>What a sub-session's stored history says about it: its last answer, and a short progress snapshot.</summary>
public sealed class SubSessionTranscript(ChatDbContext db)
{
    public const int ProgressMessageLimit = 5;
    public const int ProgressPreviewChars = 400;

    /// <summary>
    /// The finished answer when the session's last row is an assistant answer; a notice row means the last turn
    /// failed or was stopped. Null when there is nothing conclusive (no messages, or the last row is not the assistant's).
    /// </summary>
    public async Task<(SessionOutcome Outcome, SessionResult Result)?> TerminalResultAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var last = await db.Messages.AsNoTracking().Where(m => m.SessionId == sessionId && m.Role != ChatRoles.Reasoning)
            .OrderByDescending(m => m.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (last is not { Role: ChatRoles.Assistant } || (string.IsNullOrEmpty(last.Content) && last.ToolCalls is null))
        {
            return null;
        }

        // Error cards and the stop marker both mean the last turn did not finish its task.
        if (ChatMarkers.IsNotice(last.Content))
        {
            return (SessionOutcome.Failed, SessionResult.Empty);
        }

        return (SessionOutcome.Completed, SessionResult.Empty with { ResponseText = last.Content ?? "" });
    }

    /// <summary>Best effort: a snapshot failure must not fail the poll that asked for it.</summary>
    public async Task<SubSessionProgress?> ProgressAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        try
        {
            var count = await db.Messages.CountAsync(m => m.SessionId == sessionId, cancellationToken);
            var recent = await db.Messages.AsNoTracking().Where(m => m.SessionId == sessionId)
                .OrderByDescending(m => m.Sequence).Take(ProgressMessageLimit)
                .Select(m => new { m.Role, m.Content, m.Sequence }).ToListAsync(cancellationToken);
            return new SubSessionProgress(count, [.. recent.OrderBy(m => m.Sequence).Select(m => new SubSessionProgressMessage(m.Role, Preview(m.Content)))]);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null;
        }
    }

    private static string Preview(string? content) =>
        content is null ? "" : content.Length <= ProgressPreviewChars ? content : content[..ProgressPreviewChars] + "…";
}
