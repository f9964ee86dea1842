using Copilot.Chat.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Tools;

/// <summary>Refuses a gated tool until its prerequisite tool has been called earlier in the session.</summary>
public sealed class ToolGates(IOptions<ToolOptions> options, IServiceScopeFactory scopes)
{
    /// <summary>The refusal the model reads, or null when the tool may run.</summary>
    public async Task<string?> RefusalAsync(string toolName, Guid sessionId, CancellationToken cancellationToken)
    {
        if (!options.Value.Prerequisites.TryGetValue(toolName, out var required) || string.IsNullOrWhiteSpace(required))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        // Every executed call leaves a tool row named after its tool, whether it ran in this turn or an earlier one.
        var called = await db.Messages.AnyAsync(m => m.SessionId == sessionId && m.Role == ChatRoles.Tool && m.Name == required, cancellationToken);
        return called ? null : Refusal(toolName, required);
    }

    public static string Refusal(string toolName, string requiredTool) =>
        $"Call {requiredTool} first, then retry {toolName}. {toolName} refuses until {requiredTool} has been called in this session.";
}
