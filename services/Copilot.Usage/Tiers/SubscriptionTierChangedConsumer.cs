using Copilot.Contracts;
using Copilot.Usage.Redis;
using MassTransit;

namespace Copilot.Usage.Tiers;

/// <summary>Billing changed a tier: the user's limits rescale on the next check (the admission script reads it).</summary>
public sealed partial class SubscriptionTierChangedConsumer(AccountSettingsStore settings, ILogger<SubscriptionTierChangedConsumer> logger)
    : IConsumer<SubscriptionTierChanged>
{
    public async Task Consume(ConsumeContext<SubscriptionTierChanged> context)
    {
        var change = context.Message;
        if (await settings.ApplyBillingTierAsync(change.UserId, change.Tier, change.EffectiveAt))
        {
            LogApplied(change.UserId, TierNames.ToWire(change.Tier));
        }
        else
        {
            LogStale(change.UserId, TierNames.ToWire(change.Tier), change.EffectiveAt);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} is now on tier {Tier}")]
    private partial void LogApplied(string userId, string tier);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored tier {Tier} for user {UserId} effective {EffectiveAt}: a newer tier is stored")]
    private partial void LogStale(string userId, string tier, DateTimeOffset effectiveAt);
}
