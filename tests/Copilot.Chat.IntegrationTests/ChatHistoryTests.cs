using Copilot.Chat.Data;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Chat.IntegrationTests;

public sealed class ChatHistoryTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    [Fact]
    public async Task Appended_rows_get_dense_sequences_from_zero()
    {
        var session = await state.CreateSessionAsync("u");
        await using var db = state.NewDbContext();
        var history = new ChatHistory(db, TimeProvider.System);

        await history.AppendAsync(session, [new ChatMessage { Role = ChatRoles.User, Content = "a" }], CancellationToken.None);
        await history.AppendAsync(session,
            [new ChatMessage { Role = ChatRoles.Reasoning, Content = "r" }, new ChatMessage { Role = ChatRoles.Assistant, Content = "b" }],
            CancellationToken.None);

        var rows = await db.Messages.Where(m => m.SessionId == session).OrderBy(m => m.Sequence).ToListAsync();
        rows.Select(r => (r.Sequence, r.Role)).Should().Equal((0, "user"), (1, "reasoning"), (2, "assistant"));
    }

    /// <summary>Chaos seed 31: a turn's ender and the executors' sweep both stored its error card.</summary>
    [Fact]
    public async Task A_turns_notice_stored_from_several_places_at_once_is_stored_once()
    {
        var session = await state.CreateSessionAsync("u");
        var turn = Guid.NewGuid();

        var stored = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = state.NewDbContext();
            return await new ChatHistory(db, TimeProvider.System).AppendNoticeAsync(session, turn, ChatMarkers.Error("boom"));
        }));

        stored.Count(appended => appended).Should().Be(1);
        await using var check = state.NewDbContext();
        (await check.Messages.CountAsync(m => m.SessionId == session && m.TurnId == turn)).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_writers_never_share_a_sequence()
    {
        var session = await state.CreateSessionAsync("u");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var db = state.NewDbContext();
            await new ChatHistory(db, TimeProvider.System)
                .AppendAsync(session, [new ChatMessage { Role = ChatRoles.User, Content = $"m{i}" }], CancellationToken.None);
        }));

        await using var check = state.NewDbContext();
        var sequences = await check.Messages.Where(m => m.SessionId == session).Select(m => m.Sequence).OrderBy(s => s).ToListAsync();
        sequences.Should().Equal(Enumerable.Range(0, 8));
    }

    [Fact]
    public async Task An_append_after_a_failed_one_on_the_same_context_stores_only_its_own_rows()
    {
        var session = await state.CreateSessionAsync("u");
        await using var db = state.NewDbContext();
        var history = new ChatHistory(db, TimeProvider.System);
        var tooLongRole = new string('r', 33);

        var failing = () => history.AppendAsync(session, [new ChatMessage { Role = tooLongRole, Content = "lost" }], CancellationToken.None);
        await failing.Should().ThrowAsync<DbUpdateException>();
        await history.AppendAsync(session, [new ChatMessage { Role = ChatRoles.Assistant, Content = "the error card" }], CancellationToken.None);

        await using var check = state.NewDbContext();
        var rows = await check.Messages.Where(m => m.SessionId == session).OrderBy(m => m.Sequence).ToListAsync();
        rows.Select(r => (r.Sequence, r.Content)).Should().Equal((0, "the error card"));
    }
}
