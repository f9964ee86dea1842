using Copilot.Billing.Subscriptions;
using Copilot.Contracts;
using MassTransit;

namespace Copilot.Billing.Messaging;

/// <summary>
/// Usage's admin tier route changes the canonical tier here, so billing's subscription status and usage's limits agree.
/// Safe to repeat: setting the tier a user already has changes and publishes nothing.
/// </summary>
public sealed class SetSubscriptionTierConsumer(AdminTierChanges changes) : IConsumer<SetSubscriptionTier>
{
    public async Task Consume(ConsumeContext<SetSubscriptionTier> context)
    {
        var request = context.Message;
        CreditRequests.ValidateUserId(request.UserId);
        if (!Enum.IsDefined(request.Tier))
        {
            throw new ArgumentOutOfRangeException(nameof(SetSubscriptionTier.Tier), request.Tier, "Tier is not a known subscription tier.");
        }

        var effectiveAt = await changes.SetAsync(request.UserId, request.Tier, context.CancellationToken);
        await context.RespondAsync(new SubscriptionTierSet(request.UserId, request.Tier, effectiveAt));
    }
}
