using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

/// <summary>A turn running a sleeping sandboxed command; <see cref="Stream"/> completes when the turn's stream ends.</summary>
public sealed record SleepingCommand(string Marker, HttpResponseMessage Response, Task<SseCapture> Stream) : IDisposable
{
    /// <summary>
    /// Starts a turn whose <c>bash_exec</c> sleeps for <paramref name="seconds"/> and returns once the command runs;
    /// its marker (the sleep's argument) finds the process. <paramref name="markers"/> come first in the message (other
    /// tool calls of the round, or rounds before it).
    /// </summary>
    public static async Task<SleepingCommand> StartAsync(ChatClient user, Guid session, string markers = "", int seconds = 60)
    {
        var marker = $"{seconds}.{Random.Shared.Next(100_000, 999_999)}";
        var running = await user.SendAsync(session, $$"""wait {{markers}}[sim:tool=bash_exec:{"command":"sleep {{marker}}"}]""");
        var stream = ChatClient.ReadAsync(running);
        await Eventually.TrueAsync(() => ProcessTable.WithCommandLineContaining(marker).Count > 0, ChatClient.Patience, "the sleeping command to run");
        return new SleepingCommand(marker, running, stream);
    }

    public void Dispose() => Response.Dispose();
}
