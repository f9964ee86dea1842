using Copilot.Billing.Credits;
using Copilot.Billing.Data;
using Copilot.Contracts;
using MassTransit;

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
