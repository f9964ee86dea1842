namespace Copilot.FaultInjection.Tests.Support;

/// <summary>After a fault the platform must be whole again, not merely consistent.</summary>
public static class Recovery
{
    /// <summary>Every session's closing message was answered normally, and every live executor takes turns again.</summary>
    public static async Task AssertWholeAgainAsync(FaultStackFixture fixture, ChatLoad load, IReadOnlyList<TurnOutcome> outcomes)
    {
        outcomes.Where(outcome => load.Closing.Contains(outcome.Transcript)).Should()
            .HaveCount(load.Sessions.Count, "every session's closing message is accepted once the fault is over")
            .And.OnlyContain(outcome => outcome.Completed, "and answered normally");
        await new TurnQueueConsumers(fixture).WaitForEveryExecutorAsync(TimeSpan.FromSeconds(60));
    }
}
