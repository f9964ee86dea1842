using Copilot.Chat.Redis;
using Copilot.FaultInjection.Tests.Support;
using Copilot.Testing;

namespace Copilot.FaultInjection.Tests;

/// <summary>An executor dies or freezes in the middle of streaming turns while other sessions keep chatting.</summary>
[Collection(FaultStackCollection.Name)]
public sealed class ExecutorFaultTests(FaultStackFixture fixture)
{
    private const int Sessions = 6;

    [Fact]
    public async Task Killing_an_executor_mid_turn_fails_its_turns_exactly_once_while_the_other_executor_streams_on()
    {
        var load = await ChatLoad.StartAsync(fixture, "kill", Sessions);
        var victim = await BusiestExecutorAsync(load);

        fixture.Log.Mark($"kill -9 {victim.Name} (pid {victim.Pid})");
        victim.Kill();
        var lost = (await TurnsOfAsync(victim, load)).Select(turn => turn.TurnId).ToList();
        var replacement = fixture.ReplaceExecutorAsync();
        await Eventually.TrueAsync(async () => (await fixture.RunningTurnsAsync(load.Sessions)).All(turn => !lost.Contains(turn.TurnId)),
            FaultStackFixture.IdleTimeout + TimeSpan.FromSeconds(30), "the dead worker's turns end");
        await replacement;
        await load.StopAsync(TimeSpan.FromSeconds(180));
        fixture.Log.Mark("kill scenario: load stopped");

        var outcomes = await new TurnInvariants(fixture).VerifyAsync(load.Transcripts);
        outcomes.Where(outcome => lost.Contains(outcome.TurnId)).Should().HaveCount(lost.Count)
            .And.OnlyContain(outcome => ExpectedErrors.LostWorker.Contains(outcome.ErrorText), "the killed worker's turns fail with the worker-lost error");
        await Recovery.AssertWholeAgainAsync(fixture, load, outcomes);
    }

    [Fact]
    public async Task A_worker_paused_until_its_turns_were_ended_elsewhere_is_fenced_off_when_it_wakes()
    {
        var load = await ChatLoad.StartAsync(fixture, "long-pause", Sessions);
        var victim = await BusiestExecutorAsync(load);

        fixture.Log.Mark($"SIGSTOP {victim.Name} (pid {victim.Pid})");
        victim.Pause();
        IReadOnlyList<Guid> frozen = [];
        try
        {
            frozen = [.. (await TurnsOfAsync(victim, load)).Select(turn => turn.TurnId)];
            // Its lease lapses after LockLease; the other executor's watchdog ends the silent turns after IdleTimeout.
            await Eventually.TrueAsync(async () => (await fixture.RunningTurnsAsync(load.Sessions)).All(turn => !frozen.Contains(turn.TurnId)),
                FaultStackFixture.IdleTimeout + TimeSpan.FromSeconds(30), "the frozen worker's turns end without it");
        }
        finally
        {
            fixture.Log.Mark($"SIGCONT {victim.Name}");
            victim.Resume();
        }

        // The thawed worker still believes it streams its old turns: it tries its late writes until it finds itself fenced off.
        await Eventually.TrueAsync(() => victim.GetOutput().Contains("was ended elsewhere") || victim.GetOutput().Contains("Lost the session lease"),
            FaultStackFixture.Lease + TimeSpan.FromSeconds(30), "the thawed worker to find itself fenced off");
        await load.StopAsync(TimeSpan.FromSeconds(180));
        fixture.Log.Mark("long pause scenario: load stopped");

        var outcomes = await new TurnInvariants(fixture).VerifyAsync(load.Transcripts);
        outcomes.Where(outcome => frozen.Contains(outcome.TurnId)).Should().HaveCount(frozen.Count)
            .And.OnlyContain(outcome => ExpectedErrors.LostWorker.Contains(outcome.ErrorText), "a frozen worker's turns are ended for it, once");
        victim.HasExited.Should().BeFalse("the worker was only paused");
        await Recovery.AssertWholeAgainAsync(fixture, load, outcomes);
    }

    [Fact]
    public async Task A_worker_paused_past_its_lease_while_nobody_claims_its_sessions_finishes_its_turns_exactly_once()
    {
        var load = await ChatLoad.StartAsync(fixture, "short-pause", Sessions);
        var victim = await BusiestExecutorAsync(load);

        fixture.Log.Mark($"SIGSTOP {victim.Name} (pid {victim.Pid})");
        victim.Pause();
        var frozenTurns = await TurnsOfAsync(victim, load);
        var frozen = frozenTurns.Select(turn => turn.TurnId).ToList();
        var sessions = frozenTurns.Select(turn => turn.SessionId).ToList();
        try
        {
            var db = fixture.Redis.GetDatabase();
            await Eventually.TrueAsync(async () => (await Task.WhenAll(sessions.Select(s => db.KeyExistsAsync(RedisKeys.SessionLock(s))))).All(held => !held),
                FaultStackFixture.Lease + TimeSpan.FromSeconds(5), "the frozen worker's session leases lapse");
        }
        finally
        {
            fixture.Log.Mark($"SIGCONT {victim.Name}");
            victim.Resume();
        }

        await load.StopAsync(TimeSpan.FromSeconds(180));
        fixture.Log.Mark("short pause scenario: load stopped");

        var outcomes = await new TurnInvariants(fixture).VerifyAsync(load.Transcripts);
        outcomes.Where(outcome => frozen.Contains(outcome.TurnId)).Should().HaveCount(frozen.Count)
            .And.OnlyContain(outcome => outcome.Completed, "nobody took the sessions over, so the woken worker finishes its turns");
        await Recovery.AssertWholeAgainAsync(fixture, load, outcomes);
    }

    /// <summary>Once every session streams, the executor running most of their turns.</summary>
    private async Task<ServiceProcess> BusiestExecutorAsync(ChatLoad load)
    {
        await load.WhenAllStreamingAsync(deltas: 3, TimeSpan.FromSeconds(60));
        var running = await fixture.RunningTurnsAsync(load.Sessions);
        var busiest = running.Where(turn => turn.Owner is not null).GroupBy(turn => turn.Owner!).MaxBy(group => group.Count());
        busiest.Should().NotBeNull("some session's turn must be running on an executor");
        return busiest!.Key;
    }

    /// <summary>The turns the executor still owned right after the fault hit it: the ones the fault interrupted.</summary>
    private async Task<IReadOnlyList<RunningTurn>> TurnsOfAsync(ServiceProcess executor, ChatLoad load)
    {
        var turns = (await fixture.RunningTurnsAsync(load.Sessions)).Where(turn => turn.Owner == executor).ToList();
        turns.Should().NotBeEmpty("the fault must catch turns mid-stream");
        fixture.Log.Mark($"{executor.Name} was running turns {string.Join(", ", turns.Select(turn => turn.TurnId))}");
        return turns;
    }
}
