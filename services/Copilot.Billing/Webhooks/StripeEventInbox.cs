using Copilot.Billing.Data;
using Copilot.Billing.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Webhooks;

/// <summary>Durable queue of verified webhook events; the event id is the key that makes redeliveries no-ops.</summary>
public sealed class StripeEventInbox(BillingDbContext db, WorkSignal<StripeEventWorker> signal, TimeProvider time)
{
    /// <summary>Stores the event for processing; false when an event with this id was stored before.</summary>
    public async Task<bool> StoreAsync(string id, string type, string payload, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO stripe_events (id, type, payload, received_at, next_attempt_at, attempts)
            VALUES ({id}, {type}, {payload}, {now}, {now}, 0)
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        if (inserted > 0)
        {
            signal.Pulse();
        }

        return inserted > 0;
    }
}
