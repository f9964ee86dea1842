using Copilot.Bench.Client;
using Copilot.Bench.Measure;

namespace Copilot.Bench.Scenarios;

/// <summary>One held SSE connection of the idle scenario: open once its first chunk arrived, ended by <c>[DONE]</c>.</summary>
public sealed class IdleStream : IDisposable
{
    private readonly CancellationTokenSource _connection = new();
    private readonly TaskCompletionSource<long> _firstEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IdleStream()
    {
    }

    public long FirstEventUs { get; private set; }

    /// <summary>When <c>[DONE]</c> arrived; 0 while the stream is open.</summary>
    public long EndedUs { get; private set; }

    /// <summary>The Redis entry id of the last chunk before <c>[DONE]</c> (the turn's <c>finish</c>): when it was stored.</summary>
    public RedisId? LastStoredAt { get; private set; }

    public Task Reading { get; private set; } = Task.CompletedTask;

    /// <summary>Starts <paramref name="follow"/> and returns once the first chunk arrived (or throws why it did not).</summary>
    public static async Task<IdleStream> OpenAsync(
        Func<Func<ReceivedEvent, bool>, CancellationToken, Task> follow, CancellationToken cancellationToken)
    {
        var stream = new IdleStream();
        stream.Reading = Task.Run(() => stream.ReadAsync(follow), CancellationToken.None);
        try
        {
            stream.FirstEventUs = await stream._firstEvent.Task.WaitAsync(BenchContext.TurnTimeout, cancellationToken);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private async Task ReadAsync(Func<Func<ReceivedEvent, bool>, CancellationToken, Task> follow)
    {
        try
        {
            await follow(OnEvent, _connection.Token);
            _firstEvent.TrySetException(new IOException("the stream ended before its first chunk"));
        }
        catch (Exception exception)
        {
            // Before the first chunk this is the attach failure; after it, a stream that broke (it never sees the end).
            _firstEvent.TrySetException(exception);
        }
    }

    private bool OnEvent(ReceivedEvent received)
    {
        _firstEvent.TrySetResult(received.ReceivedUs);
        if (received.IsDone)
        {
            EndedUs = received.ReceivedUs;
        }
        else if (RedisId.TryParse(received.Id, out var stored))
        {
            LastStoredAt = stored;
        }

        return true;
    }

    public void Dispose()
    {
        _connection.Cancel();
        _connection.Dispose();
    }
}
