using Copilot.Billing.Credits;
using Copilot.Billing.Data;
using Copilot.Contracts;
using MassTransit;

namespace Copilot.Billing.Messaging;

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
