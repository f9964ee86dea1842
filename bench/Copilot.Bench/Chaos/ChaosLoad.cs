using Copilot.Testing;
using Copilot.Testing.Faults;

namespace Copilot.Bench.Chaos;

/// <summary>One message the load sent, with the shape it belonged to and whether it was a worker's closing message.</summary>
public sealed record ChaosTurn(TurnTranscript Transcript, TurnShapeKind Shape, bool Closing);

/// <summary>
/// Steady turns through the gateway: each worker is a user chatting in a session, one shape after another (drawn from
/// the seed), and moves on to a fresh user and session every few turns so history and spend stay small. Every stream
/// resumes with <c>Last-Event-ID</c> when it breaks (<see cref="ResumingClient"/>); a client-drop fault makes the next
/// stream to deliver a text delta hang up and resume at once.
/// </summary>
public sealed class ChaosLoad(Uri gateway, int workers, int seed)
{
    private const int TurnsPerSession = 12;

    /// <summary>Longer than a turn whose worker died takes to be ended by the watchdog and its follow-ups answered.</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(90);

    private readonly List<ChaosTurn> _turns = [];
    private readonly List<Guid> _sessions = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private int _pendingDrops;

    public IReadOnlyList<ChaosTurn> Turns
    {
        get
        {
            lock (_turns)
            {
                return [.. _turns];
            }
        }
    }

    public IReadOnlyList<Guid> Sessions
    {
        get
        {
            lock (_sessions)
            {
                return [.. _sessions];
            }
        }
    }

    /// <summary>Client drops asked for that no stream has taken yet.</summary>
    public int PendingDrops => Volatile.Read(ref _pendingDrops);

    public void Start() => _running = Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => WorkAsync(worker))));

    /// <summary>The next stream to deliver a text delta hangs up, then resumes with <c>Last-Event-ID</c>.</summary>
    public void DropOneStream() => Interlocked.Increment(ref _pendingDrops);

    /// <summary>Lets every worker finish its shape, then sends each one closing message on a fresh session and reads it.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            using var client = new ResumingClient([gateway]);
            var session = await CreateSessionAsync(client, CancellationToken.None);
            await SendAsync(client, session, worker, TurnShapeKind.Plain, TurnShapes.ClosingAnswer, closing: true);
        }));
    }

    private async Task WorkAsync(int worker)
    {
        var random = new Random(unchecked((seed * 7919) + worker));
        while (!_stop.IsCancellationRequested)
        {
            using var client = new ResumingClient([gateway]);
            Guid session;
            try
            {
                session = await CreateSessionAsync(client, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            for (var turn = 0; turn < TurnsPerSession && !_stop.IsCancellationRequested; turn++)
            {
                var shape = TurnShapes.Pick(random);
                var first = await RunShapeAsync(client, session, worker, shape);
                if (!first.Accepted)
                {
                    // Turned away (a dependency was down): a user would try again shortly.
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                }

                // Queued follow-ups get a turn of their own after the answer: a user reads those answers before writing
                // again, so messages do not pile up behind a session's running turns.
                await client.WaitUntilIdleAsync(session, IdleWait);
            }
        }
    }

    private async Task<TurnTranscript> RunShapeAsync(ResumingClient client, Guid session, int worker, TurnShapeKind shape)
    {
        var markers = TurnShapes.Markers(shape);
        switch (shape)
        {
            case TurnShapeKind.FollowUp:
            {
                var (transcript, sending) = Begin(client, session, worker, shape, markers, DropOnRequest());
                await WhileStreamingAsync(transcript, sending, deltas: 3);
                await SendAsync(client, session, worker, shape, $"follow-up {TurnShapes.ClosingAnswer}", closing: false);
                await sending;
                return transcript;
            }

            case TurnShapeKind.Stop:
            {
                var (transcript, sending) = Begin(client, session, worker, shape, markers, DropOnRequest());
                if (await WhileStreamingAsync(transcript, sending, deltas: 5))
                {
                    transcript.Note($"stop delivered: {await client.StopAsync(session)}");
                }

                await sending;
                return transcript;
            }

            case TurnShapeKind.Resume:
            {
                // Hang up mid-answer and come back a second later with Last-Event-ID, as a flaky network would.
                var drop = new ClientDrop(t => t.TextDeltas == 8, _ => Task.Delay(TimeSpan.FromSeconds(1)));
                var (transcript, sending) = Begin(client, session, worker, shape, markers, drop);
                await sending;
                return transcript;
            }

            default:
                return await SendAsync(client, session, worker, shape, markers, closing: false);
        }
    }

    private async Task<TurnTranscript> SendAsync(ResumingClient client, Guid session, int worker, TurnShapeKind shape, string markers, bool closing)
    {
        var (transcript, sending) = Begin(client, session, worker, shape, markers, closing ? null : DropOnRequest(), closing);
        await sending;
        return transcript;
    }

    private (TurnTranscript Transcript, Task Sending) Begin(
        ResumingClient client, Guid session, int worker, TurnShapeKind shape, string markers, ClientDrop? drop, bool closing = false)
    {
        // Unique, so the stored user row identifies the message's turn.
        var transcript = new TurnTranscript(session, $"chaos w{worker} {shape} {Guid.NewGuid().ToString("N")[..12]} {markers}");
        lock (_turns)
        {
            _turns.Add(new ChaosTurn(transcript, shape, closing));
        }

        return (transcript, client.SendAsync(transcript, drop));
    }

    /// <summary>Waits until the answer has streamed <paramref name="deltas"/> text deltas; false when it ended first.</summary>
    private static async Task<bool> WhileStreamingAsync(TurnTranscript transcript, Task sending, int deltas)
    {
        while (!sending.IsCompleted && transcript.TextDeltas < deltas)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        return !sending.IsCompleted;
    }

    /// <summary>Hangs up at a text delta when a client-drop fault is waiting for a stream to take it.</summary>
    private ClientDrop DropOnRequest() => ClientDrop.Briefly(transcript =>
    {
        var pending = Volatile.Read(ref _pendingDrops);
        return transcript.Events[^1].Type == "text-delta" && pending > 0
            && Interlocked.CompareExchange(ref _pendingDrops, pending - 1, pending) == pending;
    });

    private async Task<Guid> CreateSessionAsync(ResumingClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var session = await client.CreateSessionAsync();
                lock (_sessions)
                {
                    _sessions.Add(session);
                }

                return session;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // The gateway or a chat-api is down for the moment.
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }
}
