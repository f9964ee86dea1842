using Copilot.Testing;

namespace Copilot.FaultInjection.Tests.Support;

/// <summary>
/// Several users chatting at once, each in a session of their own: every session streams one simulated answer after
/// another until told to stop, then sends one last message that must be answered normally — proof the platform
/// recovered from whatever was injected meanwhile.
/// </summary>
public sealed class ChatLoad
{
    /// <summary>About four seconds of streaming per answer: long enough for a fault to land mid-turn.</summary>
    public const string LongAnswer = "[sim:long=80] [sim:delay=50]";

    /// <summary>A tenth of a second: sessions sending these keep turns starting and ending (and events being published) all the time.</summary>
    public const string QuickAnswer = "[sim:long=10] [sim:delay=10]";

    private readonly List<TurnTranscript> _transcripts = [];
    private readonly List<Session> _sessions = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly string _scenario;
    private readonly Func<int, string> _answer;
    private Task _running = Task.CompletedTask;

    private ChatLoad(string scenario, Func<int, string> answer) => (_scenario, _answer) = (scenario, answer);

    public IReadOnlyList<Guid> Sessions => [.. _sessions.Select(s => s.Id)];

    /// <summary>The users chatting, one per session.</summary>
    public IReadOnlyList<string> Users => [.. _sessions.Select(s => s.Client.UserId)];

    /// <summary>Every message sent so far, accepted or not.</summary>
    public IReadOnlyList<TurnTranscript> Transcripts
    {
        get
        {
            lock (_transcripts)
            {
                return [.. _transcripts];
            }
        }
    }

    /// <summary>Each session's closing message, sent after <see cref="StopAsync"/>.</summary>
    public IReadOnlyList<TurnTranscript> Closing => [.. _sessions.Select(s => s.Closing).OfType<TurnTranscript>()];

    /// <param name="answer">The simulator markers each session's messages carry, by session index; <see cref="LongAnswer"/> by default.</param>
    /// <param name="drop">Lets a scenario make clients hang up mid-stream (then they resume).</param>
    public static async Task<ChatLoad> StartAsync(
        FaultStackFixture fixture, string scenario, int sessions, Func<int, string>? answer = null, ClientDrop? drop = null)
    {
        var load = new ChatLoad(scenario, answer ?? (_ => LongAnswer));
        for (var i = 0; i < sessions; i++)
        {
            var client = new ResumingClient(fixture.Stack);
            load._sessions.Add(new Session(i, client, await client.CreateSessionAsync()));
        }

        load._running = Task.WhenAll(load._sessions.Select(session => load.ChatAsync(session, drop)));
        return load;
    }

    /// <summary>Waits until every session is streaming an answer (its latest message has text deltas).</summary>
    public async Task WhenAllStreamingAsync(int deltas, TimeSpan timeout)
    {
        var behind = await Eventually.ReadAsync(
            () => Task.FromResult(_sessions.Where(s => s.Current is not { } current || current.TextDeltas < deltas).ToList()), until: behind => behind.Count == 0, timeout);
        behind.Should().BeEmpty("every session should be streaming within {0:0} s: {1}", timeout.TotalSeconds,
            string.Join("; ", _sessions.Select(s => s.Current?.ToString() ?? "nothing sent")));
    }

    /// <summary>Lets each session finish the answer it is reading, send its closing message, and read that too.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(timeout);
        foreach (var session in _sessions)
        {
            session.Client.Dispose();
        }
    }

    private async Task ChatAsync(Session session, ClientDrop? drop)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var transcript = await SendAsync(session, $"{Describe(session, n)} {_answer(session.Index)}", drop);
            if (!transcript.Accepted)
            {
                // The platform turned the message away (e.g. a dependency was down): a user would try again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }

        session.Closing = await SendAsync(session, $"{Describe(session, -1)} all good again? [sim:long=8] [sim:delay=5]", drop: null);
    }

    private async Task<TurnTranscript> SendAsync(Session session, string message, ClientDrop? drop)
    {
        var transcript = new TurnTranscript(session.Id, message);
        lock (_transcripts)
        {
            _transcripts.Add(transcript);
        }

        session.Current = transcript;
        await session.Client.SendAsync(transcript, drop);
        return transcript;
    }

    /// <summary>Unique per message, so the stored user row identifies the message's turn.</summary>
    private string Describe(Session session, int n) => $"{_scenario} s{session.Index} m{n} {Guid.NewGuid().ToString("N")[..8]}";

    private sealed class Session(int index, ResumingClient client, Guid id)
    {
        public int Index { get; } = index;

        public ResumingClient Client { get; } = client;

        public Guid Id { get; } = id;

        public TurnTranscript? Current { get; set; }

        public TurnTranscript? Closing { get; set; }
    }
}
