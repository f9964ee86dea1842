using Copilot.Billing.Data;
using Copilot.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Messaging;

/// <summary>A user's tier for the usage service; a user without an account is FREE (no account is created for a lookup).</summary>
public sealed class GetSubscriptionTierConsumer(BillingDbContext db) : IConsumer<GetSubscriptionTier>
{
    public async Task Consume(ConsumeContext<GetSubscriptionTier> context)
    {
        var tier = await db.Accounts.AsNoTracking().Where(a => a.UserId == context.Message.UserId)
            .Select(a => (SubscriptionTier?)a.Tier).SingleOrDefaultAsync(context.CancellationToken);
        await context.RespondAsync(new SubscriptionTierFound(context.Message.UserId, tier ?? SubscriptionTier.Free));
    }
}
