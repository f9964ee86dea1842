using Copilot.Testing;

namespace Copilot.FaultInjection.Tests.Support;

/// <summary>After a fault the platform must be whole again, not merely consistent.</summary>
public static class Recovery
{
    /// <summary>
    /// Every session's closing message was answered normally, every live executor takes turns again, and usage applied
    /// every turn's end and charge.
    /// </summary>
    public static async Task AssertWholeAgainAsync(FaultStackFixture fixture, ChatLoad load, IReadOnlyList<TurnOutcome> outcomes)
    {
        outcomes.Where(outcome => load.Closing.Contains(outcome.Transcript)).Should()
            .HaveCount(load.Sessions.Count, "every session's closing message is accepted once the fault is over")
            .And.OnlyContain(outcome => outcome.Completed, "and answered normally");
        await new TurnQueueConsumers(fixture).WaitForEveryExecutorAsync(TimeSpan.FromSeconds(60));
        await AssertUsageAppliedEverythingAsync(fixture, load);
    }

    /// <summary>
    /// Found by the chaos soak (seed 2): usage parked turn ends and a charge in its error queues across a Redis restart
    /// (a connect timeout surfaced as a cancellation, which its retry did not cover), leaving reservations held against
    /// the users' budgets until their TTL and a model call never charged.
    /// </summary>
    private static async Task AssertUsageAppliedEverythingAsync(FaultStackFixture fixture, ChatLoad load)
    {
        var broker = new BrokerProbe(fixture.Infrastructure.Servers.RabbitMQManagementUrl!, new Uri(fixture.Stack.RabbitMq).AbsolutePath.Trim('/'));
        var parked = await broker.ParkedMessagesAsync();
        parked.Where(message => message.Queue.StartsWith("usage-", StringComparison.Ordinal)).Should()
            .BeEmpty("usage retries what Redis being away makes fail (logs: {0})", fixture.Log.Path);
        var db = fixture.Redis.GetDatabase();
        var held = await Eventually.ReadAsync(
            async () => (await Task.WhenAll(load.Users.Select(async user => (user, entries: await db.HashLengthAsync($"copilot:cost:reserved:{user}")))))
                .Where(user => user.entries > 0).Select(user => user.user).ToList(),
            until: users => users.Count == 0, TimeSpan.FromSeconds(60));
        held.Should().BeEmpty("every ended turn's reservation is released (usage's key layout: UsageKeys.Reserved; logs: {0})", fixture.Log.Path);
    }
}
