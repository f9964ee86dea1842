using System.Text.Json.Nodes;

namespace Copilot.Executor.Tools.Common;

/// <summary>
/// A tool backed by a scoped store of the chat context. Tools are singletons, so each call gets its own scope (and
/// with it its own database context); argument mistakes become error results the model can correct.
/// </summary>
public abstract class StoreTool<TStore>(IServiceScopeFactory scopes) : ICopilotTool
    where TStore : notnull
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    /// <summary>The schema's JSON text; parsed on every read because a schema node joins the request it is sent in.</summary>
    protected abstract string SchemaJson { get; }

    public JsonObject ParametersSchema => JsonNode.Parse(SchemaJson)!.AsObject();

    public async Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<TStore>();
        try
        {
            return await ExecuteAsync(store, new ToolArguments(invocation.Arguments), invocation.UserId, cancellationToken);
        }
        catch (ToolArgumentException exception)
        {
            return ToolResult.Error(exception.Message);
        }
    }

    /// <param name="userId">The turn's user, from the invocation: never from the model's arguments.</param>
    protected abstract Task<ToolResult> ExecuteAsync(TStore store, ToolArguments arguments, string userId, CancellationToken cancellationToken);
}
