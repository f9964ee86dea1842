using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Copilot.FaultInjection.Tests.Support;

/// <summary>How one accepted message's turn ended, once everything settled.</summary>
public sealed record TurnOutcome(TurnTranscript Transcript, Guid TurnId, string? ErrorText)
{
    public bool Completed => ErrorText is null;
}

/// <summary>
/// The reliability invariants, checked for every accepted message once the platform settled:
/// <list type="bullet">
/// <item>nothing stays <c>running</c> (bounded wait);</item>
/// <item>exactly one outcome per turn: a completed turn has its answer stored and no error card, a failed turn exactly one
/// error card, and nothing of the turn is stored after its card;</item>
/// <item>the turn's stream is one writer's output ending at its single terminal event (fencing);</item>
/// <item>the client, across all its resumes, got exactly the stream's entries in order — ids strictly increasing, nothing
/// lost, nothing twice — and a completed turn's streamed text is the stored answer.</item>
/// </list>
/// </summary>
public sealed class TurnInvariants(FaultStackFixture fixture)
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    public async Task<IReadOnlyList<TurnOutcome>> VerifyAsync(IReadOnlyList<TurnTranscript> transcripts)
    {
        transcripts.Should().NotBeEmpty();
        await WaitUntilSettledAsync(transcripts.Select(t => t.SessionId).Distinct().ToList());
        var problems = new List<string>();
        var outcomes = new List<TurnOutcome>();
        foreach (var transcript in transcripts.Where(t => t.Accepted))
        {
            var found = new List<string>();
            if (await CheckAsync(transcript, found) is { } outcome)
            {
                outcomes.Add(outcome);
            }

            problems.AddRange(found.Select(problem => $"{transcript}: {problem}"));
        }

        problems.Should().BeEmpty("every accepted message must end in exactly one outcome, seen whole by its client (service logs: {0})", fixture.Log.Path);
        return outcomes;
    }

    private async Task WaitUntilSettledAsync(IReadOnlyList<Guid> sessions)
    {
        var db = fixture.Redis.GetDatabase();
        var running = await Eventually.ReadAsync(async () =>
        {
            var running = new List<Guid>();
            foreach (var session in sessions)
            {
                // A follow-up still queued is work to come: between a turn's end and the turn started for its
                // follow-ups, no turn is running, yet the session has not settled.
                if (await db.HashGetAsync(RedisKeys.TurnMeta(session), "status") == TurnStatus.Running
                    || await db.ListLengthAsync(RedisKeys.FollowUps(session)) > 0)
                {
                    running.Add(session);
                }
            }

            return running;
        }, until: running => running.Count == 0, Settle);
        running.Should().BeEmpty("no turn may stay running, nor a follow-up queued, once the faults stopped (logs: {0})", fixture.Log.Path);
    }

    private async Task<TurnOutcome?> CheckAsync(TurnTranscript transcript, List<string> problems)
    {
        List<ChatMessage> rows;
        await using (var db = fixture.NewDbContext())
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
            .Select(e => System.Text.Json.JsonDocument.Parse(e.Json).RootElement.GetProperty("errorText").GetString())
            .FirstOrDefault();
        CheckStoredOutcome(rows, turnId, stream, errorText, problems);
        if (transcript.End != TranscriptEnd.Queued)
        {
            CheckClientView(transcript, stream, problems);
        }

        return new TurnOutcome(transcript, turnId, errorText);
    }

    private static void CheckStoredOutcome(
        List<ChatMessage> rows, Guid turnId, IReadOnlyList<(string Id, string Json)> stream, string? errorText, List<string> problems)
    {
        var turnRows = rows.Where(row => row.TurnId == turnId).ToList();
        var answers = turnRows.Where(row => row.Role == ChatRoles.Assistant && !ChatMarkers.IsNotice(row.Content)).ToList();
        var notices = turnRows.Where(row => row.Role == ChatRoles.Assistant && ChatMarkers.IsNotice(row.Content)).ToList();
        if (errorText is null)
        {
            var streamed = string.Concat(stream.Where(e => StreamShape.TypeOf(e.Json) == "text-delta")
                .Select(e => System.Text.Json.JsonDocument.Parse(e.Json).RootElement.GetProperty("delta").GetString()));
            var stored = string.Concat(answers.Select(row => row.Content));
            if (notices.Count != 0 || answers.Count == 0 || stored != streamed)
            {
                problems.Add($"completed turn {turnId}: {notices.Count} notice(s), {answers.Count} answer row(s); stored text " +
                    (stored == streamed ? "matches the stream" : $"'{Abbreviate(stored)}' differs from streamed '{Abbreviate(streamed)}'"));
            }

            return;
        }

        if (notices.Count != 1 || notices[0].Content != ChatMarkers.Error(errorText))
        {
            problems.Add($"failed turn {turnId} ('{errorText}') must leave exactly one error card; found: {string.Join(" / ", notices.Select(n => n.Content))}");
        }
        else if (turnRows.Any(row => row.Sequence > notices[0].Sequence))
        {
            problems.Add($"failed turn {turnId}: rows stored after its error card (a late, unfenced write)");
        }
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
        var entries = await fixture.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turnId));
        return [.. entries.Select(entry => (entry.Id.ToString(), entry["d"].ToString()))];
    }

    private static string Abbreviate(string text) => text.Length <= 80 ? text : $"{text[..40]}…{text[^40..]}";
}
