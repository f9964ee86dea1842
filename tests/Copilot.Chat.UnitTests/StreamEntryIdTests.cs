using Copilot.Chat.Streaming;

namespace Copilot.Chat.UnitTests;

public sealed class StreamEntryIdTests
{
    [Theory]
    [InlineData("1700000000000-0", 1700000000000, 0)]
    [InlineData("0-0", 0, 0)]
    [InlineData("5-12", 5, 12)]
    public void Parses_redis_entry_ids(string value, long milliseconds, long sequence)
    {
        StreamEntryId.TryParse(value, out var id).Should().BeTrue();
        id.Should().Be(new StreamEntryId(milliseconds, sequence));
        id.ToString().Should().Be(value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("12")]
    [InlineData("-1-0")]
    [InlineData("1-x")]
    [InlineData("1--2")]
    public void Rejects_anything_else(string? value) => StreamEntryId.TryParse(value, out _).Should().BeFalse();

    [Fact]
    public void Orders_by_time_then_sequence_like_redis()
    {
        var ids = new[] { new StreamEntryId(2, 0), new StreamEntryId(1, 10), new StreamEntryId(1, 2) };

        ids.Order().Should().Equal(new StreamEntryId(1, 2), new StreamEntryId(1, 10), new StreamEntryId(2, 0));
        (new StreamEntryId(1, 10) > new StreamEntryId(1, 9)).Should().BeTrue("sequence numbers compare numerically, not as text");
    }
}
