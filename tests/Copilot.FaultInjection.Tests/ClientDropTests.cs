using Copilot.Testing;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.FaultInjection.Tests.Support;

namespace Copilot.FaultInjection.Tests;

/// <summary>Clients hang up mid-stream and come back with <c>Last-Event-ID</c>, on the other chat-api replica.</summary>
[Collection(FaultStackCollection.Name)]
public sealed class ClientDropTests(FaultStackFixture fixture)
{
    private const int Sessions = 6;

    [Fact]
    public async Task A_client_that_drops_mid_stream_and_resumes_with_Last_Event_ID_gets_every_chunk_exactly_once()
    {
        // Each answer is dropped once, after a different number of deltas per message.
        var load = await ChatLoad.StartAsync(fixture, "drop", Sessions,
            drop: ClientDrop.Briefly(transcript => transcript.TextDeltas == 4 + (int)((uint)transcript.Message.GetHashCode() % 20)));
        await load.WhenAllStreamingAsync(deltas: 30, TimeSpan.FromSeconds(60));
        // More answers, and so more drops, before winding down: a stretch of load, not a wait for some event.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.StopAsync(TimeSpan.FromSeconds(120));

        var outcomes = await new TurnInvariants(fixture).VerifyAsync(load.Transcripts);
        var dropped = outcomes.Where(outcome => !load.Closing.Contains(outcome.Transcript)).ToList();
        dropped.Should().NotBeEmpty().And.OnlyContain(outcome => outcome.Completed && outcome.Transcript.Resumes >= 1,
            "every answer was dropped once, resumed, and completed");
        await Recovery.AssertWholeAgainAsync(fixture, load, outcomes);
    }

    [Fact]
    public async Task A_client_that_comes_back_after_its_answer_finished_still_gets_the_rest_with_Last_Event_ID()
    {
        // Hung up after a few deltas, back only once the turn has ended: the finished turn's stream is still kept.
        var load = await ChatLoad.StartAsync(fixture, "late-resume", Sessions,
            drop: new ClientDrop(transcript => transcript.TextDeltas == 3, transcript => TurnEndedAsync(transcript.SessionId)));
        await load.WhenAllStreamingAsync(deltas: 3, TimeSpan.FromSeconds(60));
        // More answers, and so more late resumes, before winding down: a stretch of load, not a wait for some event.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await load.StopAsync(TimeSpan.FromSeconds(120));

        var outcomes = await new TurnInvariants(fixture).VerifyAsync(load.Transcripts);
        outcomes.Where(outcome => !load.Closing.Contains(outcome.Transcript)).Should().NotBeEmpty()
            .And.OnlyContain(outcome => outcome.Completed && outcome.Transcript.Resumes >= 1, "every answer was resumed after it finished");
        await Recovery.AssertWholeAgainAsync(fixture, load, outcomes);
    }

    /// <summary>
    /// Found by the chaos soak (seed 1): the client hung up, its turn ended while it was away and the turn started for
    /// its follow-up became the session's current one; its resume with the old turn's <c>Last-Event-ID</c> was answered
    /// with the new turn's chunks spliced after the old turn's, and the old turn's end never reached it.
    /// </summary>
    [Fact]
    public async Task A_client_that_comes_back_after_a_follow_up_turn_started_gets_the_rest_of_its_own_turn()
    {
        using var client = new ResumingClient(fixture.Stack);
        var session = await client.CreateSessionAsync();
        var answer = new TurnTranscript(session, $"resume-past-follow-up {Guid.NewGuid():N} [sim:long=60] [sim:delay=30]");
        var followUp = new TurnTranscript(session, $"and the follow-up {Guid.NewGuid():N} [sim:long=40] [sim:delay=30]");
        await client.SendAsync(answer, new ClientDrop(transcript => transcript.TextDeltas == 3, async transcript =>
        {
            // Queued while the answer runs (202); once the answer ends, a turn of its own starts for it.
            await client.SendAsync(followUp);
            await Eventually.TrueAsync(async () => await fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "turn_id")
                    is { IsNull: false } current && current.ToString() != transcript.StreamedTurnId.ToString(),
                TimeSpan.FromSeconds(60), "the follow-up's turn starts");
        }));

        answer.Resumes.Should().BeGreaterThanOrEqualTo(1);
        var outcomes = await new TurnInvariants(fixture).VerifyAsync([answer, followUp]);
        outcomes.Should().HaveCount(2).And.OnlyContain(outcome => outcome.Completed);
    }

    private async Task TurnEndedAsync(Guid session) =>
        await Eventually.TrueAsync(async () => await fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "status") != TurnStatus.Running,
            TimeSpan.FromSeconds(60), "the dropped client's turn ends");
}
