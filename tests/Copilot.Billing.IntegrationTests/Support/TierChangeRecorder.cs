using System.Collections.Concurrent;
using Copilot.Contracts;
using Copilot.Testing;
using MassTransit;

namespace Copilot.Billing.IntegrationTests.Support;

/// <summary>Every <see cref="SubscriptionTierChanged"/> billing published, as a subscriber on its virtual host sees them.</summary>
public sealed class TierChangeRecorder : IConsumer<SubscriptionTierChanged>
{
    private readonly ConcurrentQueue<SubscriptionTierChanged> _received = new();

    public Task Consume(ConsumeContext<SubscriptionTierChanged> context)
    {
        _received.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public IReadOnlyList<SubscriptionTier> For(string userId) => MessagesFor(userId).Select(m => m.Tier).ToList();

    public IReadOnlyList<SubscriptionTierChanged> MessagesFor(string userId) => _received.Where(m => m.UserId == userId).ToList();

    /// <summary>Waits until the user's published tiers are exactly <paramref name="expected"/> (in order).</summary>
    public async Task<IReadOnlyList<SubscriptionTier>> WaitForAsync(string userId, params SubscriptionTier[] expected)
    {
        await Eventually.TrueAsync(() => For(userId).Count >= expected.Length, BillingHost.Patience, $"tier changes {string.Join(",", expected)} for {userId}");
        // Nothing announces an event that should not come: a short settle period lets an unexpected extra one arrive,
        // and the caller's assertion on the list then shows it.
        await Task.Delay(150);
        return For(userId);
    }
}
