using System.Text.Json;
using System.Text.Json.Nodes;
using Copilot.Contracts;

namespace Copilot.Executor.Tools;

/// <summary>A capability the model can call. Implementations are stateless singletons; per-call state is in the invocation.</summary>
public interface ICopilotTool
{
    string Name { get; }

    string Description { get; }

    /// <summary>JSON schema of the arguments object.</summary>
    JsonObject ParametersSchema { get; }

    Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>One call of a tool inside a turn. <paramref name="Permissions"/> are the turn's, for tools that start work
/// of their own (a sub-session inherits them).</summary>
/// <param name="Mode">The calling turn's <see cref="TurnModes"/> value, which a sub-session inherits.</param>
public sealed record ToolInvocation(
    Guid SessionId, Guid TurnId, string UserId, string ToolCallId, JsonElement Arguments, CopilotPermissions? Permissions = null, string? Mode = null);

/// <summary>
/// A tool's answer. <see cref="Output"/> is what the model reads (truncated for it if huge); it is stored and shown
/// whole. <see cref="IsError"/> results still go back to the model — a failing tool never fails the turn.
/// </summary>
public sealed record ToolResult(string Output, bool IsError = false)
{
    public static ToolResult Error(string message) => new(message, IsError: true);
}
