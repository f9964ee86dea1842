using System.Collections.Concurrent;
using Copilot.Contracts;
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
        await Eventually.TrueAsync(() => Task.FromResult(For(userId).Count >= expected.Length), $"tier changes {string.Join(",", expected)} for {userId}");
        // A short settle period catches an unexpected extra event.
        await Task.Delay(150);
        return For(userId);
    }
}

public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
