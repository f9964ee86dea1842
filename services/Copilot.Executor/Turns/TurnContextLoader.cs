using Copilot.Chat.Data;
using Copilot.Executor.Llm;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Executor.Turns;

/// <summary>Builds what the model sees: the system prompt, then the session's history in order, the current user turn last.</summary>
public sealed class TurnContextLoader(ChatDbContext db)
{
    public async Task<List<LlmMessage>> LoadAsync(Guid sessionId, string systemPrompt, CancellationToken cancellationToken)
    {
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.SessionId == sessionId && m.Role != ChatRoles.Reasoning)
            .OrderBy(m => m.Sequence)
            .Select(m => new LlmMessage(m.Role, m.Content, m.ToolCalls, m.ToolCallId, m.Name))
            .ToListAsync(cancellationToken);

        var context = new List<LlmMessage>(rows.Count + 1) { new("system", systemPrompt) };
        context.AddRange(rows);
        return context;
    }
}
