using Copilot.Chat.Data;
using Copilot.Executor.Turns;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Executor.IntegrationTests;

/// <summary>
/// Compaction against the fixture's tiny context budget: after four long answers every turn compacts first.
/// <c>[sim:context]</c> makes the simulated model answer with an outline of the request it received.
/// </summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class ContextCompactionTests(ExecutorStackFixture fixture)
{
    private const string Fast = "[sim:delay=0] [sim:ttft=0]";

    [Fact]
    public async Task A_long_session_is_compacted_and_later_turns_send_the_summary_instead_of_everything()
    {
        using var user = fixture.NewUser();
        var session = await LongSessionAsync(user);

        var capture = await user.ChatAsync(session, "and now? [sim:ttft=0]");

        capture.Chunks.Where(e => e.Type == "tool-input-start").Select(e => e.Json.GetProperty("toolName").GetString())
            .Should().Contain(ContextCompactor.ToolName);
        await using var db = fixture.NewDbContext();
        var summary = db.ContextSummaries.Single(s => s.SessionId == session);
        summary.Summary.Should().NotBeEmpty();
        summary.CoversThroughSequence.Should().BeGreaterThan(0);
        capture.Text.Should().Contain("and now?", "the turn itself still answers the current message");
    }

    [Fact]
    public async Task The_turn_after_a_compaction_sends_the_summary_and_only_the_rows_after_the_watermark()
    {
        using var user = fixture.NewUser();
        var session = await LongSessionAsync(user);

        var capture = await user.ChatAsync(session, $"and now? [sim:context] {Fast}");

        await using var db = fixture.NewDbContext();
        var watermark = (await db.ContextSummaries.SingleAsync(s => s.SessionId == session)).CoversThroughSequence;
        var rows = await db.Messages.Where(m => m.SessionId == session && m.Role != ChatRoles.Reasoning).OrderBy(m => m.Sequence).ToListAsync();
        var input = rows.Last(m => m.Role == ChatRoles.User);
        rows.Should().Contain(m => m.Role == ChatRoles.User && m.Sequence <= watermark, "earlier messages were summarised");
        var kept = rows.Where(m => m.Sequence > watermark && m.Sequence < input.Sequence).ToList();
        kept.Should().Contain(m => m.Role == ChatRoles.User, "the latest exchange is kept verbatim");

        var sent = capture.Text.Split('\n').Skip(1).ToList();
        sent.Select(RoleOf).Should().Equal(["system", "system", .. kept.Select(m => m.Role), ChatRoles.User]);
        sent[1].Should().StartWith($"system: {ContextWindow.SummaryHeading}");
        sent.Where(line => line.StartsWith("user: ", StringComparison.Ordinal)).Should()
            .Equal([.. kept.Append(input).Where(m => m.Role == ChatRoles.User).Select(m => $"user: {WithoutMarkers(m.Content!)}")],
                "of the user's messages only those after the watermark are sent, then the current one");
    }

    [Fact]
    public async Task A_summary_whose_watermark_is_not_an_assistant_row_is_left_out_and_the_whole_history_is_sent()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        await user.ChatAsync(session, $"first {Fast}");
        await user.ChatAsync(session, $"second {Fast}");
        await using var db = fixture.NewDbContext();
        var secondUserRow = (await db.Messages.SingleAsync(m => m.SessionId == session && m.Content!.StartsWith("second"))).Sequence;
        db.ContextSummaries.Add(new ContextSummary { SessionId = session, CoversThroughSequence = secondUserRow, Summary = "stale" });
        await db.SaveChangesAsync();

        var capture = await user.ChatAsync(session, $"and now? [sim:context] {Fast}");

        var sent = capture.Text.Split('\n').Skip(1).ToList();
        sent.Should().NotContain(line => line.Contains(ContextWindow.SummaryHeading), "the summary overlaps the history that is sent");
        sent.Where(line => line.StartsWith("user: ", StringComparison.Ordinal)).Should().Equal("user: first", "user: second", "user: and now?");
    }

    [Fact]
    public async Task A_summary_whose_watermark_is_not_an_assistant_row_is_rewritten_from_the_whole_history()
    {
        using var user = fixture.NewUser();
        var session = await LongSessionAsync(user);
        await using var db = fixture.NewDbContext();
        var firstUserRow = await db.Messages.Where(m => m.SessionId == session && m.Role == ChatRoles.User).MinAsync(m => m.Sequence);
        await db.ContextSummaries.Where(s => s.SessionId == session).ExecuteUpdateAsync(s => s.SetProperty(x => x.CoversThroughSequence, firstUserRow));

        var capture = await user.ChatAsync(session, $"and now? [sim:context] {Fast}");

        capture.Chunks.Should().NotContain(e => e.Type == "error");
        capture.Text.Split('\n').Should().ContainSingle(line => line.Contains(ContextWindow.SummaryHeading), "only the rewritten summary is sent");
        var summary = await db.ContextSummaries.AsNoTracking().SingleAsync(s => s.SessionId == session);
        var watermarkRow = await db.Messages.SingleAsync(m => m.SessionId == session && m.Sequence == summary.CoversThroughSequence);
        watermarkRow.Role.Should().Be(ChatRoles.Assistant, "the session's summary row was rewritten with a new watermark");
    }

    /// <summary>Four exchanges with long answers: over the fixture's budget, so the next turn compacts.</summary>
    private static async Task<Guid> LongSessionAsync(ChatClient user)
    {
        var session = await user.CreateSessionAsync();
        for (var i = 0; i < 4; i++)
        {
            await user.ChatAsync(session, $"message {i} [sim:long=120] {Fast}");
        }

        return session;
    }

    private static string RoleOf(string outline) => outline[..outline.IndexOfAny([':', ' '])];

    private static string WithoutMarkers(string content) => content[..content.IndexOf(" [sim:", StringComparison.Ordinal)];
}
