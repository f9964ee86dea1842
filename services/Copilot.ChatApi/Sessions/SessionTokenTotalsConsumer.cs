using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Copilot.ChatApi.Sessions;

/// <summary>
/// Adds each model call's tokens to its session's totals (<c>total_prompt_tokens</c>, <c>total_completion_tokens</c>
/// of the session detail). A redelivered event is counted once: a Redis marker is set before the update and removed
/// again when the update fails, so the retry counts it. (A crash between the two loses that call's tokens from the
/// display totals — they are informational; spend is metered by the usage service.)
/// </summary>
public sealed class SessionTokenTotalsConsumer(ChatDbContext db, IConnectionMultiplexer redis) : IConsumer<LlmUsageRecorded>
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromDays(8);

    public async Task Consume(ConsumeContext<LlmUsageRecorded> context)
    {
        var usage = context.Message;
        var marker = RedisKeys.SessionTokensCounted(usage.UsageId);
        var database = redis.GetDatabase();
        if (!await database.StringSetAsync(marker, 1, RememberFor, When.NotExists))
        {
            return;
        }

        try
        {
            await db.Sessions.Where(s => s.Id == usage.SessionId).ExecuteUpdateAsync(set => set
                .SetProperty(s => s.TotalPromptTokens, s => s.TotalPromptTokens + usage.Tokens.PromptTokens)
                .SetProperty(s => s.TotalCompletionTokens, s => s.TotalCompletionTokens + usage.Tokens.CompletionTokens),
                context.CancellationToken);
        }
        catch
        {
            await database.KeyDeleteAsync(marker);
            throw;
        }
    }
}
