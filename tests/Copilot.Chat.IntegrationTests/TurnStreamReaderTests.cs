using Copilot.Chat.Streaming;

namespace Copilot.Chat.IntegrationTests;

public sealed class TurnStreamReaderTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private async Task<(Guid Session, Guid Turn)> StartTurnAsync()
    {
        var (session, turn) = (Guid.NewGuid(), Guid.NewGuid());
        await state.Turns.TryCreateTurnAsync(session, turn, "user", "chat");
        return (session, turn);
    }

    private async Task<List<StreamEntry>> ReadAllAsync(Guid session, Guid turn, StreamEntryId after, TaskCompletionSource? firstEntry = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var entries = new List<StreamEntry>();
        await foreach (var entry in state.Reader.ReadAsync(session, turn, after, timeout.Token))
        {
            entries.Add(entry);
            firstEntry?.TrySetResult();
        }

        return entries;
    }

    /// <summary>
    /// Starts reading from the start of a turn that has an entry, and returns once the reader got it: a reader listens
    /// for live entries before it reads the stored ones, so from then on it is a live reader.
    /// </summary>
    private async Task<Task<List<StreamEntry>>> StartLiveReaderAsync(Guid session, Guid turn)
    {
        var firstEntry = new TaskCompletionSource();
        var reading = ReadAllAsync(session, turn, StreamEntryId.Zero, firstEntry);
        await Task.WhenAny(firstEntry.Task, reading).WaitAsync(Patience);
        firstEntry.Task.IsCompleted.Should().BeTrue("the reader should have received the turn's first entry");
        return reading;
    }

    [Fact]
    public async Task Replays_a_finished_turn_from_the_start()
    {
        var (session, turn) = await StartTurnAsync();
        await state.Turns.PublishAsync(session, turn, new TextDeltaChunk("t", "one"));
        await state.Turns.PublishAsync(session, turn, new TextDeltaChunk("t", "two"));
        await state.Turns.MarkCompletedAsync(session, turn, null);

        var entries = await ReadAllAsync(session, turn, StreamEntryId.Zero);

        entries.Select(e => e.Json).Should().Equal(
            new TextDeltaChunk("t", "one").ToJson(), new TextDeltaChunk("t", "two").ToJson(), new FinishChunk().ToJson());
    }

    [Fact]
    public async Task Resuming_from_an_entry_id_skips_exactly_what_was_seen()
    {
        var (session, turn) = await StartTurnAsync();
        var ids = new List<StreamEntryId>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await state.Turns.PublishAsync(session, turn, new TextDeltaChunk("t", $"{i}")))!.Value);
        }

        await state.Turns.MarkCompletedAsync(session, turn, null);

        var entries = await ReadAllAsync(session, turn, ids[2]);

        entries.Select(e => e.Json).Should().Equal(
            new TextDeltaChunk("t", "3").ToJson(), new TextDeltaChunk("t", "4").ToJson(), new FinishChunk().ToJson());
    }

    [Fact]
    public async Task Live_readers_receive_chunks_as_they_are_published_without_gaps_or_repeats()
    {
        var (session, turn) = await StartTurnAsync();
        await state.Turns.PublishAsync(session, turn, new TextDeltaChunk("t", "before"));

        var reading = ReadAllAsync(session, turn, StreamEntryId.Zero);
        for (var i = 0; i < 200; i++)
        {
            await state.Turns.PublishAsync(session, turn, new TextDeltaChunk("t", $"{i}"));
        }

        await state.Turns.MarkCompletedAsync(session, turn, null);
        var entries = await reading;

        entries.Should().HaveCount(202);
        entries.Select(e => e.Id).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        entries[1..^1].Select(e => e.Json).Should().Equal(Enumerable.Range(0, 200).Select(i => new TextDeltaChunk("t", $"{i}").ToJson()));
    }

    [Fact]
    public async Task Many_readers_of_one_turn_share_one_feed_and_all_see_everything()
    {
        var (session, turn) = await StartTurnAsync();
        await state.Turns.PublishAsync(session, turn, new TextDeltaChunk("t", "before"));

        var readers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => StartLiveReaderAsync(session, turn)));
        for (var i = 0; i < 50; i++)
        {
            await state.Turns.PublishAsync(session, turn, new TextDeltaChunk("t", $"{i}"));
        }

        await state.Turns.MarkCompletedAsync(session, turn, null);

        foreach (var result in await Task.WhenAll(readers))
        {
            result.Should().HaveCount(52);
            result[1..^1].Select(e => e.Json).Should().Equal(Enumerable.Range(0, 50).Select(i => new TextDeltaChunk("t", $"{i}").ToJson()));
        }
    }

    [Fact]
    public async Task A_reader_of_a_turn_that_vanished_without_a_finish_ends_instead_of_hanging()
    {
        var (session, turn) = await StartTurnAsync();
        await state.Turns.PublishAsync(session, turn, new TextDeltaChunk("t", "orphaned"));

        var reading = ReadAllAsync(session, turn, StreamEntryId.Zero);
        await state.Redis.GetDatabase().KeyDeleteAsync(Copilot.Chat.Redis.RedisKeys.TurnMeta(session));
        var entries = await reading;

        entries.Select(e => e.Json).Should().Equal(new TextDeltaChunk("t", "orphaned").ToJson());
    }

    [Fact]
    public async Task Disconnecting_listeners_ends_live_readers_while_the_turn_runs_on()
    {
        var (session, turn) = await StartTurnAsync();
        await state.Turns.PublishAsync(session, turn, new TextDeltaChunk("t", "seen"));
        var reading = await StartLiveReaderAsync(session, turn);

        await state.Hub.DisconnectListenersAsync(turn);
        var entries = await reading;

        entries.Select(e => e.Json).Should().Equal([new TextDeltaChunk("t", "seen").ToJson()], "the reader ends without waiting for more");
        (await state.Turns.GetMetaAsync(session))!.IsRunning.Should().BeTrue();
    }
}
