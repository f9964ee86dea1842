using System.Collections.Concurrent;
using Copilot.Contracts;
using MassTransit;

namespace Copilot.Usage.IntegrationTests.Support;

/// <summary>What the stand-in billing knows: accounts (with tiers) and credit balances, plus what it was asked.</summary>
public sealed class FakeBillingState
{
    public ConcurrentDictionary<string, AccountSummary> Accounts { get; } = new();

    public ConcurrentDictionary<string, long> Balances { get; } = new();

    public ConcurrentQueue<SpendCredits> Spends { get; } = new();

    public ConcurrentQueue<FindAccounts> Searches { get; } = new();

    /// <summary>Users whose tier changes the stand-in receives but never answers, as a billing too slow to confirm.</summary>
    public ConcurrentDictionary<string, bool> UnansweredTierChanges { get; } = new();

    public void AddAccount(string userId, string email, SubscriptionTier tier = SubscriptionTier.Free, long balanceCents = 0)
    {
        Accounts[userId] = new AccountSummary(userId, email, tier);
        Balances[userId] = balanceCents;
    }
}

/// <summary>
/// Answers usage's requests the way billing will, on the test's virtual host, so the usage tests do not depend on
/// the billing service. Unknown users are FREE with no credits.
/// </summary>
public sealed class FakeBillingConsumer(FakeBillingState state)
    : IConsumer<GetSubscriptionTier>, IConsumer<FindAccounts>, IConsumer<SetSubscriptionTier>, IConsumer<SpendCredits>, IConsumer<RefundCredits>
{
    public Task Consume(ConsumeContext<GetSubscriptionTier> context) =>
        context.RespondAsync(new SubscriptionTierFound(context.Message.UserId,
            state.Accounts.TryGetValue(context.Message.UserId, out var account) ? account.Tier : SubscriptionTier.Free));

    public Task Consume(ConsumeContext<FindAccounts> context)
    {
        state.Searches.Enqueue(context.Message);
        var query = context.Message.Query;
        var found = state.Accounts.Values
            .Where(a => a.UserId.Contains(query, StringComparison.OrdinalIgnoreCase)
                        || (a.Email?.Contains(query, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderBy(a => a.UserId, StringComparer.Ordinal)
            .Take(context.Message.Limit)
            .ToList();
        return context.RespondAsync(new AccountsFound(found));
    }

    public Task Consume(ConsumeContext<SetSubscriptionTier> context)
    {
        var request = context.Message;
        if (state.UnansweredTierChanges.ContainsKey(request.UserId))
        {
            return Task.CompletedTask;
        }

        state.Accounts.AddOrUpdate(request.UserId, id => new AccountSummary(id, null, request.Tier), (_, account) => account with { Tier = request.Tier });
        return context.RespondAsync(new SubscriptionTierSet(request.UserId, request.Tier, DateTimeOffset.UtcNow));
    }

    public Task Consume(ConsumeContext<SpendCredits> context)
    {
        var spend = context.Message;
        state.Spends.Enqueue(spend);
        var balance = state.Balances.GetValueOrDefault(spend.UserId);
        if (balance < spend.AmountCents)
        {
            return context.RespondAsync(new InsufficientCredits(spend.UserId, balance));
        }

        state.Balances[spend.UserId] = balance - spend.AmountCents;
        return context.RespondAsync(new CreditsSpent(spend.UserId, balance - spend.AmountCents));
    }

    public Task Consume(ConsumeContext<RefundCredits> context)
    {
        var balance = state.Balances.AddOrUpdate(context.Message.UserId, context.Message.AmountCents, (_, b) => b + context.Message.AmountCents);
        return context.RespondAsync(new CreditsRefunded(context.Message.UserId, balance));
    }
}
