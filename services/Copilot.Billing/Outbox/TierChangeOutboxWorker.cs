using Copilot.Billing.Data;
using Copilot.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Outbox;

/// <summary>Publishes queued <see cref="SubscriptionTierChanged"/> events in the order they were written (at least once).</summary>
public sealed partial class TierChangeOutboxWorker(
    IServiceScopeFactory scopes,
    IBus bus,
    WorkSignal<TierChangeOutboxWorker> signal,
    TimeProvider time,
    ILogger<TierChangeOutboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PublishBatchAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPublishFailed(logger, exception);
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

    /// <summary>Rows are locked while published, so replicas never publish the same row concurrently.</summary>
    private async Task<int> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        return await db.InTransactionAsync(async ct =>
        {
            var batch = await db.TierChangeOutbox
                .FromSql($"SELECT * FROM tier_change_outbox WHERE published_at IS NULL ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            foreach (var message in batch)
            {
                await bus.Publish(new SubscriptionTierChanged(message.UserId, message.Tier, message.EffectiveAt), ct);
                message.PublishedAt = time.GetUtcNow();
                LogPublished(logger, message.UserId, message.Tier);
            }

            return batch.Count;
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published tier change for user {UserId}: {Tier}")]
    private static partial void LogPublished(ILogger logger, string userId, SubscriptionTier tier);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing queued tier changes failed; retrying at the next poll")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
