using System.Text.Json;
using Copilot.Billing.Data;
using Copilot.Billing.Outbox;
using Copilot.Billing.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Webhooks;

/// <summary>
/// Processes stored webhook events one at a time, oldest first. An event is claimed with a lease (so replicas share the
/// work and a crashed worker's claim expires), dispatched, and marked processed; a failure is retried with capped
/// exponential backoff. Handlers are idempotent, so an at-least-once retry is harmless.
/// </summary>
public sealed partial class StripeEventWorker(
    IServiceScopeFactory scopes,
    WorkSignal<StripeEventWorker> signal,
    BillingMetrics metrics,
    TimeProvider time,
    ILogger<StripeEventWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Stripe redelivers for up to three days; ids are kept well beyond that for deduplication.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ProcessNextAsync(stoppingToken))
                {
                }

                await PurgeAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogWorkerFailed(logger, exception);
            }

            try
            {
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and processes one due event; false when none is due.</summary>
    private async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        var now = time.GetUtcNow();
        var leaseEnd = now + Lease;
        var claimed = await db.StripeEvents.FromSql(
            $"""
            UPDATE stripe_events SET locked_until = {leaseEnd}, attempts = attempts + 1
            WHERE id = (
                SELECT id FROM stripe_events
                WHERE processed_at IS NULL AND next_attempt_at <= {now} AND (locked_until IS NULL OR locked_until < {now})
                ORDER BY received_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        if (claimed is not [var stripeEvent])
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(stripeEvent.Payload);
            var dataObject = document.RootElement.GetProperty("data").GetProperty("object");
            await scope.ServiceProvider.GetRequiredService<StripeEventDispatcher>()
                .DispatchAsync(stripeEvent.Id, stripeEvent.Type, dataObject, cancellationToken);
            await db.StripeEvents.Where(e => e.Id == stripeEvent.Id).ExecuteUpdateAsync(update => update
                .SetProperty(e => e.ProcessedAt, time.GetUtcNow())
                .SetProperty(e => e.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(e => e.LastError, (string?)null), cancellationToken);
            metrics.WebhookHandled(stripeEvent.Type, succeeded: true);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var backoff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, stripeEvent.Attempts), MaxBackoff.TotalSeconds));
            LogEventFailed(logger, exception, stripeEvent.Type, stripeEvent.Id, stripeEvent.Attempts, backoff.TotalSeconds);
            metrics.WebhookHandled(stripeEvent.Type, succeeded: false);
            var error = $"{exception.GetType().Name}: {exception.Message}";
            await db.StripeEvents.Where(e => e.Id == stripeEvent.Id).ExecuteUpdateAsync(update => update
                .SetProperty(e => e.NextAttemptAt, time.GetUtcNow() + backoff)
                .SetProperty(e => e.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(e => e.LastError, error.Length > 2000 ? error[..2000] : error), CancellationToken.None);
        }

        return true;
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextPurge)
        {
            return;
        }

        _nextPurge = now + TimeSpan.FromHours(1);
        await using var scope = scopes.CreateAsyncScope();
        var cutoff = now - Retention;
        await scope.ServiceProvider.GetRequiredService<BillingDbContext>().StripeEvents
            .Where(e => e.ProcessedAt != null && e.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing Stripe event {EventType} ({EventId}) failed on attempt {Attempt}; retrying in {BackoffSeconds} s")]
    private static partial void LogEventFailed(ILogger logger, Exception exception, string eventType, string eventId, int attempt, double backoffSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Stripe event worker failed; retrying at the next poll")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception);
}
