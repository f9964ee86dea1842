using System.Text.Json;
using Copilot.Executor.Tools;
using Copilot.Executor.Tools.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.ToolTests.Sandbox;

/// <summary><c>bash_exec</c> on the real bubblewrap, with workspaces under a temporary root removed afterwards.</summary>
public sealed class SandboxHarness : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("copilot-sandbox-tests-").FullName;

    public BashExecTool Tool(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Root = Root };
        configure?.Invoke(options);
        return new BashExecTool(
            new BubblewrapSandbox(Options.Create(options), NullLogger<BubblewrapSandbox>.Instance),
            new SandboxWorkspaces(Options.Create(options), TimeProvider.System, NullLogger<SandboxWorkspaces>.Instance));
    }

    public static Task<ToolResult> CallAsync(
        BashExecTool tool, object arguments, Guid session, string user = "alice", CancellationToken cancellationToken = default) =>
        tool.ExecuteAsync(new ToolInvocation(session, Guid.NewGuid(), user, "call_1", JsonSerializer.SerializeToElement(arguments)), cancellationToken);

    /// <summary>Runs a command that must succeed as a tool call, and returns its result object.</summary>
    public static async Task<BashResult> RunAsync(BashExecTool tool, string command, Guid session, string user = "alice", int? timeout = null)
    {
        var result = await CallAsync(tool, timeout is null ? new { command } : new { command, timeout }, session, user);
        result.IsError.Should().BeFalse(result.Output);
        return BashResult.Parse(result.Output);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed record BashResult(string Message, string Stdout, string Stderr, int ExitCode, bool TimedOut)
{
    public static BashResult Parse(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["message", "stdout", "stderr", "exit_code", "timed_out"]);
        return new BashResult(root.GetProperty("message").GetString()!, root.GetProperty("stdout").GetString()!,
            root.GetProperty("stderr").GetString()!, root.GetProperty("exit_code").GetInt32(), root.GetProperty("timed_out").GetBoolean());
    }
}
