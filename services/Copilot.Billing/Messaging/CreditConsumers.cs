using Copilot.Billing.Accounts;
using Copilot.Billing.Credits;
using Copilot.Billing.Data;
using Copilot.Contracts;
using MassTransit;
using Npgsql;

namespace Copilot.Billing.Messaging;

/// <summary>
/// The usage service's paid reset takes credits here. Insufficient balance is an answer, not a fault; so is a debit
/// the ledger cannot represent, which only a balance already deep in debt could meet.
/// </summary>
public sealed class SpendCreditsConsumer(CreditLedger ledger) : IConsumer<SpendCredits>
{
    public async Task Consume(ConsumeContext<SpendCredits> context)
    {
        var request = context.Message;
        CreditRequests.Validate(request.UserId, request.AmountCents, request.IdempotencyKey);
        var outcome = await ledger.ApplyAsync(new CreditLedger.Entry(request.UserId, -request.AmountCents, CreditTransactionKind.Usage,
            $"spend:{request.IdempotencyKey}", request.Reason), allowNegative: false, context.CancellationToken);
        if (outcome.Status is LedgerStatus.Insufficient or LedgerStatus.Overflow)
        {
            await context.RespondAsync(new InsufficientCredits(request.UserId, outcome.BalanceCents));
            return;
        }

        await context.RespondAsync(new CreditsSpent(request.UserId, outcome.BalanceCents));
    }
}

/// <summary>
/// Gives credits back, e.g. when the reset they paid for failed. A refund the balance cannot hold faults the request
/// (without retries: retrying cannot make it fit), so the requester sees it was not given.
/// </summary>
public sealed class RefundCreditsConsumer(CreditLedger ledger) : IConsumer<RefundCredits>
{
    public async Task Consume(ConsumeContext<RefundCredits> context)
    {
        var request = context.Message;
        CreditRequests.Validate(request.UserId, request.AmountCents, request.IdempotencyKey);
        var outcome = await ledger.ApplyAsync(new CreditLedger.Entry(request.UserId, request.AmountCents, CreditTransactionKind.Refund,
            $"refund:{request.IdempotencyKey}", request.Reason), allowNegative: false, context.CancellationToken);
        if (outcome.Status == LedgerStatus.Overflow)
        {
            throw new CreditRequestRefusedException(
                $"A refund of {request.AmountCents} cents would take the balance of {outcome.BalanceCents} cents past the largest balance the ledger can hold.");
        }

        await context.RespondAsync(new CreditsRefunded(request.UserId, outcome.BalanceCents));
    }
}

/// <summary>A credit request the ledger cannot apply however often it is retried.</summary>
public sealed class CreditRequestRefusedException(string message) : Exception(message);

internal static class CreditRequests
{
    /// <summary>
    /// A malformed request is a caller bug: it faults (the requester sees the fault) and is not retried. Amounts
    /// above <see cref="CreditLedger.MaxAmountCents"/> are malformed too: no paid reset costs that much.
    /// </summary>
    public static void Validate(string userId, long amountCents, string idempotencyKey)
    {
        ValidateUserId(userId);

        if (amountCents is <= 0 or > CreditLedger.MaxAmountCents)
        {
            throw new ArgumentOutOfRangeException(nameof(amountCents), amountCents,
                $"AmountCents must be between 1 and {CreditLedger.MaxAmountCents}.");
        }

        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 150)
        {
            throw new ArgumentException("IdempotencyKey is required (at most 150 characters).", nameof(idempotencyKey));
        }
    }

    public static void ValidateUserId(string userId)
    {
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > AccountStore.MaxUserIdLength)
        {
            throw new ArgumentException($"UserId is required (at most {AccountStore.MaxUserIdLength} characters).", nameof(userId));
        }
    }

    /// <summary>Database hiccups are retried in memory; invalid requests, and rows the database refuses outright, are not.</summary>
    public static void ConfigureRetry(IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(retry =>
        {
            retry.Intervals(100, 500, 1000, 2000);
            // A data exception (class 22: text PostgreSQL cannot hold, a number out of range) or an integrity
            // violation (class 23) fails the same way every time: retrying it only delays the fault.
            retry.Handle<NpgsqlException>(exception => exception is not PostgresException { SqlState: ['2', '2' or '3', ..] });
            retry.Handle<TimeoutException>();
            retry.Handle<InvalidOperationException>(exception => exception.InnerException is NpgsqlException);
        });
}

public sealed class SpendCreditsConsumerDefinition : ConsumerDefinition<SpendCreditsConsumer>
{
    public SpendCreditsConsumerDefinition() => ConcurrentMessageLimit = 16;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SpendCreditsConsumer> consumerConfigurator,
        IRegistrationContext context) => CreditRequests.ConfigureRetry(endpointConfigurator);
}

public sealed class RefundCreditsConsumerDefinition : ConsumerDefinition<RefundCreditsConsumer>
{
    public RefundCreditsConsumerDefinition() => ConcurrentMessageLimit = 16;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RefundCreditsConsumer> consumerConfigurator,
        IRegistrationContext context) => CreditRequests.ConfigureRetry(endpointConfigurator);
}
