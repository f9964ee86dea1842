using System.Security.Claims;
using Copilot.Billing.Accounts;
using Copilot.Billing.Data;
using Copilot.Billing.Subscriptions;
using Copilot.ServiceDefaults.Authentication;
using Microsoft.Extensions.Options;

namespace Copilot.Billing.Apis;

/// <summary>The services the subscription endpoints share, bound with <c>[AsParameters]</c>.</summary>
public sealed class SubscriptionServices(
    AccountStore accounts,
    SubscriptionChanges changes,
    SubscriptionStatusBuilder status,
    IOptionsSnapshot<BillingOptions> options,
    ILogger<SubscriptionServices> logger)
{
    public AccountStore Accounts { get; } = accounts;

    public SubscriptionChanges Changes { get; } = changes;

    public SubscriptionStatusBuilder Status { get; } = status;

    public IOptionsSnapshot<BillingOptions> Options { get; } = options;

    public ILogger<SubscriptionServices> Logger { get; } = logger;

    public BillingOptions Settings => Options.Value;

    /// <summary>The caller's account, created on first use with the token's email when it carries one.</summary>
    public Task<BillingAccount> CallerAccountAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Accounts.GetOrCreateAsync(user.GetUserId(), user.FindFirstValue("email"), cancellationToken);

    /// <summary>The status after a change: the account is re-read because the change may have re-synced it.</summary>
    public async Task<SubscriptionStatusResponse> StatusAsync(string userId, CancellationToken cancellationToken) =>
        await Status.BuildAsync(await Accounts.FindAsync(userId, cancellationToken)
            ?? throw new InvalidOperationException($"Billing account {userId} does not exist."), cancellationToken);

    public Task<SubscriptionStatusResponse> StatusAsync(BillingAccount account, CancellationToken cancellationToken) =>
        Status.BuildAsync(account, cancellationToken);
}
