using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Copilot.Testing.Faults;

/// <summary>How one accepted message's turn ended, once everything settled.</summary>
public sealed record TurnOutcome(TurnTranscript Transcript, Guid TurnId, string? ErrorText, bool Stopped = false)
{
    public bool Completed => ErrorText is null && !Stopped;
}

/// <summary>
/// The reliability invariants of one accepted message, read back from PostgreSQL and Redis once the platform settled
/// (shared by the fault-injection suite, which asserts on them, and the chaos soak, which reports them):
/// <list type="bullet">
/// <item>nothing stays <c>running</c> and no follow-up stays queued (<see cref="UnsettledAsync"/>);</item>
/// <item>exactly one outcome per turn: a completed turn has its answer stored and no notice, a failed turn exactly one
/// error card, a stopped turn exactly one stop marker, and nothing of the turn is stored after its card;</item>
/// <item>the turn's stream is one writer's output ending at its single terminal event (fencing);</item>
/// <item>the client, across all its resumes, got exactly the stream's entries in order — ids strictly increasing, nothing
/// lost, nothing twice — and a completed turn's streamed text is the stored answer.</item>
/// </list>
/// </summary>
public sealed class TurnAudit(IConnectionMultiplexer redis, string chatDatabase)
{
    /// <summary>Waits up to <paramref name="timeout"/> and returns the sessions that still run a turn or hold follow-ups.</summary>
    public async Task<IReadOnlyList<Guid>> UnsettledAsync(IReadOnlyList<Guid> sessions, TimeSpan timeout)
    {
        var db = redis.GetDatabase();
        return await Eventually.ReadAsync(async () =>
        {
            var running = new List<Guid>();
            var owing = await SessionsOwedAnEndsDutyAsync(db);
            foreach (var session in sessions)
            {
                // A follow-up still queued, or claimed and not yet stored, is work to come: between a turn's end and
                // the turn started for its follow-ups, no turn is running, yet the session has not settled.
                if (await db.HashGetAsync(RedisKeys.TurnMeta(session), "status") == TurnStatus.Running
                    || await db.ListLengthAsync(RedisKeys.FollowUps(session)) > 0
                    || await db.ListLengthAsync(RedisKeys.FollowUpClaim(session)) > 0
                    || owing.Contains(session))
                {
                    running.Add(session);
                }
            }

            return running;
        }, until: running => running.Count == 0, timeout);
    }

    /// <summary>
    /// Sessions with an ended turn whose notice or announcement is still owed: a turn whose ender died gets them from
    /// the executors' sweep after its grace, and until then its history is not final.
    /// </summary>
    private static async Task<HashSet<Guid>> SessionsOwedAnEndsDutyAsync(IDatabase db)
    {
        var owing = new HashSet<Guid>();
        foreach (var member in await db.SortedSetRangeByRankAsync(RedisKeys.UnsettledTurnEnds))
        {
            if (Guid.TryParse(member.ToString(), out var turn)
                && Guid.TryParse((await db.HashGetAsync(RedisKeys.UnsettledTurnEnd(turn), "session_id")).ToString(), out var session))
            {
                owing.Add(session);
            }
        }

        return owing;
    }

    /// <summary>Adds what is wrong with the message's turn to <paramref name="problems"/>; null when it has no turn.</summary>
    public async Task<TurnOutcome?> CheckAsync(TurnTranscript transcript, List<string> problems)
    {
        List<ChatMessage> rows;
        await using (var db = NewDbContext())
        {
            rows = await db.Messages.AsNoTracking().Where(m => m.SessionId == transcript.SessionId).OrderBy(m => m.Sequence).ToListAsync();
        }

        // Queued messages are stored by the executor that delivers them, possibly with page context appended.
        var asked = rows.Where(row => row.Role == ChatRoles.User && row.Content is { } content
            && (content == transcript.Message || (transcript.End == TranscriptEnd.Queued && content.StartsWith(transcript.Message, StringComparison.Ordinal)))).ToList();
        if (asked.Count != 1 || asked[0].TurnId is not { } turnId)
        {
            problems.Add($"the message is stored {asked.Count} time(s){(asked.Count == 1 ? " without a turn" : "")}");
            return null;
        }

        if (transcript.StreamedTurnId is { } streamed && streamed != turnId)
        {
            problems.Add($"the client streamed turn {streamed}, but the message belongs to turn {turnId}");
        }

        var stream = await ReadStreamAsync(turnId);
        problems.AddRange(StreamShape.Problems(stream).Select(problem => $"turn {turnId}: {problem}"));
        var errorText = stream.Where(e => StreamShape.TypeOf(e.Json) == "error")
            .Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("errorText").GetString())
            .FirstOrDefault();
        var stopped = CheckStoredOutcome(rows, turnId, stream, errorText, problems);
        if (transcript.End != TranscriptEnd.Queued)
        {
            CheckClientView(transcript, stream, problems);
        }

        return new TurnOutcome(transcript, turnId, errorText, stopped);
    }

    public ChatDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ChatDbContext>()
            .UseNpgsql(chatDatabase, npgsql => npgsql.EnableRetryOnFailure())
            .UseSnakeCaseNamingConvention()
            .Options);

    /// <returns>Whether the turn was stopped by its user.</returns>
    private static bool CheckStoredOutcome(
        List<ChatMessage> rows, Guid turnId, IReadOnlyList<(string Id, string Json)> stream, string? errorText, List<string> problems)
    {
        var turnRows = rows.Where(row => row.TurnId == turnId).ToList();
        var answers = turnRows.Where(row => row.Role == ChatRoles.Assistant && !ChatMarkers.IsNotice(row.Content)).ToList();
        var notices = turnRows.Where(row => row.Role == ChatRoles.Assistant && ChatMarkers.IsNotice(row.Content)).ToList();
        var streamed = string.Concat(stream.Where(e => StreamShape.TypeOf(e.Json) == "text-delta")
            .Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("delta").GetString()));
        var stored = string.Concat(answers.Select(row => row.Content));
        var stopMarkers = notices.Count(row => row.Content == ChatMarkers.StoppedByUser);
        if (errorText is null && stopMarkers > 0)
        {
            // Stopped mid-answer: the stop marker alone, and nothing stored that the stream did not carry.
            if (notices.Count != 1 || !streamed.StartsWith(stored, StringComparison.Ordinal))
            {
                problems.Add($"stopped turn {turnId}: {notices.Count} notice(s) ({stopMarkers} stop marker(s)); stored text '{Abbreviate(stored)}' vs streamed '{Abbreviate(streamed)}'");
            }

            return true;
        }

        if (errorText is null)
        {
            if (notices.Count != 0 || answers.Count == 0 || stored != streamed)
            {
                problems.Add($"completed turn {turnId}: {notices.Count} notice(s), {answers.Count} answer row(s); stored text " +
                    (stored == streamed ? "matches the stream" : $"'{Abbreviate(stored)}' differs from streamed '{Abbreviate(streamed)}'"));
            }

            return false;
        }

        // A Stop that no worker honoured in time is ended by chat-api with an error chunk and the stop marker.
        var expected = notices.Count == 1 && notices[0].Content == ChatMarkers.StoppedByUser ? ChatMarkers.StoppedByUser : ChatMarkers.Error(errorText);
        if (notices.Count != 1 || notices[0].Content != expected)
        {
            problems.Add($"failed turn {turnId} ('{errorText}') must leave exactly one error card; found: {string.Join(" / ", notices.Select(n => n.Content))}");
        }
        else if (turnRows.Any(row => row.Sequence > notices[0].Sequence))
        {
            problems.Add($"failed turn {turnId}: rows stored after its error card (a late, unfenced write)");
        }

        return expected == ChatMarkers.StoppedByUser;
    }

    private static void CheckClientView(TurnTranscript transcript, IReadOnlyList<(string Id, string Json)> stream, List<string> problems)
    {
        var received = transcript.Events;
        for (var i = 1; i < received.Count; i++)
        {
            StreamEntryId.TryParse(received[i - 1].Id, out var previous);
            StreamEntryId.TryParse(received[i].Id, out var current);
            if (current <= previous)
            {
                problems.Add($"client ids not strictly increasing: {received[i - 1].Id} then {received[i].Id} (a duplicate or reordered chunk)");
                return;
            }
        }

        var matching = received.Zip(stream).TakeWhile(pair => pair.First.Id == pair.Second.Id && pair.First.Data == pair.Second.Json).Count();
        if (matching != received.Count)
        {
            problems.Add($"client chunk #{matching} ({received[matching].Id}) is not the stream's entry #{matching}");
        }
        else if (transcript.End != TranscriptEnd.Finished || received.Count != stream.Count)
        {
            problems.Add($"client ended {transcript.End} after {received.Count} of the turn's {stream.Count} chunks: the rest was lost to it");
        }
    }

    private async Task<IReadOnlyList<(string Id, string Json)>> ReadStreamAsync(Guid turnId)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turnId));
        return [.. entries.Select(entry => (entry.Id.ToString(), entry["d"].ToString()))];
    }

    private static string Abbreviate(string text) => text.Length <= 80 ? text : $"{text[..40]}…{text[^40..]}";
}
