using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Copilot.ChatApi.Sessions;

/// <summary>
/// Adds each model call's tokens to its session's totals (<c>total_prompt_tokens</c>, <c>total_completion_tokens</c>
/// of the session detail), a batch of calls at a time: one Redis round trip for the batch's markers and one statement
/// for all its sessions, instead of both per call (two calls per turn, at least). A redelivered event is counted once:
/// a Redis marker per call is set before the update and removed again when the update fails, so the retry counts it.
/// (A crash between the two loses those calls' tokens from the display totals — they are informational; spend is
/// metered by the usage service.)
/// </summary>
public sealed class SessionTokenTotalsConsumer(ChatDbContext db, IConnectionMultiplexer redis) : IConsumer<Batch<LlmUsageRecorded>>
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromDays(8);

    public async Task Consume(ConsumeContext<Batch<LlmUsageRecorded>> context)
    {
        var database = redis.GetDatabase();
        var markers = database.CreateBatch();
        var marking = context.Message
            .Select(received => received.Message)
            .Select(usage => (Usage: usage, Marked: markers.StringSetAsync(RedisKeys.SessionTokensCounted(usage.UsageId), 1, RememberFor, When.NotExists)))
            .ToList();
        markers.Execute();
        try
        {
            await Task.WhenAll(marking.Select(entry => entry.Marked));
            var fresh = marking.Where(entry => entry.Marked.Result).Select(entry => entry.Usage).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            var totals = fresh.GroupBy(usage => usage.SessionId).ToList();
            Guid[] sessions = [.. totals.Select(session => session.Key)];
            long[] prompt = [.. totals.Select(session => session.Sum(usage => (long)usage.Tokens.PromptTokens))];
            long[] completion = [.. totals.Select(session => session.Sum(usage => (long)usage.Tokens.CompletionTokens))];
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE chat_sessions AS s
                SET total_prompt_tokens = s.total_prompt_tokens + t.prompt,
                    total_completion_tokens = s.total_completion_tokens + t.completion
                FROM unnest({sessions}, {prompt}, {completion}) AS t(id, prompt, completion)
                WHERE s.id = t.id
                """, context.CancellationToken);
        }
        catch
        {
            // Every marker this attempt set is taken back (also when only some of the batch's were set before Redis
            // failed), so the retry counts those calls.
            RedisKey[] taken = [.. marking
                .Where(entry => entry.Marked.IsCompletedSuccessfully && entry.Marked.Result)
                .Select(entry => RedisKeys.SessionTokensCounted(entry.Usage.UsageId))];
            if (taken.Length > 0)
            {
                await database.KeyDeleteAsync(taken);
            }

            throw;
        }
    }
}
