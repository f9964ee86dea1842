using Copilot.Chat.Streaming;
using Copilot.Executor.Turns;

namespace Copilot.Executor.UnitTests;

public sealed class UiStreamWriterTests
{
    private readonly List<UiChunk> _published = [];
    private bool _fenced;

    private UiStreamWriter Writer() => new(chunk =>
    {
        if (_fenced)
        {
            return Task.FromResult<StreamEntryId?>(null);
        }

        _published.Add(chunk);
        return Task.FromResult<StreamEntryId?>(new StreamEntryId(1, _published.Count));
    });

    private IEnumerable<string> Types => _published.Select(c => c.Type);

    [Fact]
    public async Task Reasoning_closes_before_text_starts()
    {
        var writer = Writer();
        await writer.StartStepAsync();
        await writer.ReasoningDeltaAsync("think");
        await writer.TextDeltaAsync("answer");
        await writer.FinishStepAsync();

        Types.Should().Equal("start-step", "reasoning-start", "reasoning-delta", "reasoning-end", "text-start", "text-delta", "text-end", "finish-step");
    }

    [Fact]
    public async Task First_reasoning_delta_opens_a_block_and_later_ones_reuse_its_id()
    {
        var writer = Writer();
        (await writer.ReasoningDeltaAsync("a")).Should().BeTrue();
        (await writer.ReasoningDeltaAsync("b")).Should().BeFalse();

        var ids = _published.OfType<ReasoningDeltaChunk>().Select(d => d.Id).Distinct();
        ids.Should().ContainSingle().Which.Should().Be(_published.OfType<ReasoningStartChunk>().Single().Id);
    }

    [Fact]
    public async Task A_block_after_a_close_gets_a_fresh_id()
    {
        var writer = Writer();
        await writer.ReasoningDeltaAsync("first");
        await writer.CloseBlocksAsync();
        await writer.ReasoningDeltaAsync("second");

        var starts = _published.OfType<ReasoningStartChunk>().ToList();
        starts.Should().HaveCount(2);
        starts[0].Id.Should().NotBe(starts[1].Id);
        _published.OfType<ReasoningEndChunk>().Single().Id.Should().Be(starts[0].Id);
    }

    [Fact]
    public async Task Closing_twice_emits_one_end()
    {
        var writer = Writer();
        await writer.TextDeltaAsync("x");
        await writer.CloseBlocksAsync();
        await writer.CloseBlocksAsync();

        Types.Count(t => t == "text-end").Should().Be(1);
    }

    [Fact]
    public async Task Content_only_turn_opens_no_reasoning_block()
    {
        var writer = Writer();
        await writer.TextDeltaAsync("hello");

        writer.IsReasoningOpen.Should().BeFalse();
        Types.Should().NotContain("reasoning-start");
    }

    [Fact]
    public async Task Finish_step_closes_open_blocks_first()
    {
        var writer = Writer();
        await writer.StartStepAsync();
        await writer.TextDeltaAsync("partial");
        await writer.FinishStepAsync();

        Types.Should().EndWith(["text-end", "finish-step"]);
    }

    [Fact]
    public async Task Writing_to_a_turn_ended_elsewhere_throws_fenced()
    {
        var writer = Writer();
        _fenced = true;

        var write = () => writer.TextDeltaAsync("late");

        await write.Should().ThrowAsync<TurnFencedException>();
    }

    [Fact]
    public async Task A_block_whose_start_could_not_be_written_is_never_closed()
    {
        var failNext = false;
        var published = new List<UiChunk>();
        var writer = new UiStreamWriter(chunk =>
        {
            if (failNext)
            {
                failNext = false;
                throw new InvalidOperationException("Redis went away");
            }

            published.Add(chunk);
            return Task.FromResult<StreamEntryId?>(new StreamEntryId(1, published.Count));
        });
        await writer.StartStepAsync();
        failNext = true;
        var text = () => writer.TextDeltaAsync("lost");
        await text.Should().ThrowAsync<InvalidOperationException>();
        await writer.FinishStepAsync();
        await writer.StartStepAsync();
        failNext = true;
        var reasoning = () => writer.ReasoningDeltaAsync("lost");
        await reasoning.Should().ThrowAsync<InvalidOperationException>();
        await writer.FinishStepAsync();

        published.Select(c => c.Type).Should().Equal(["start-step", "finish-step", "start-step", "finish-step"],
            "an end for a start the client never got would break its stream");
    }
}
