using System.Text;
using Copilot.Executor.Tools.Common;
using Copilot.Executor.Tools.Workspace;

namespace Copilot.Executor.UnitTests;

public sealed class TextLinesTests
{
    private const string FiveLines = "one\ntwo\nthree\nfour\nfive\n";

    [Theory]
    [InlineData("", 0)]
    [InlineData("single", 1)]
    [InlineData("single\n", 1)]
    [InlineData("a\nb", 2)]
    [InlineData("a\r\nb\r\n", 2)]
    [InlineData("\n\n", 2)]
    public void Lines_are_counted_without_a_phantom_line_after_the_final_newline(string text, int expected) =>
        TextLines.Count(text).Should().Be(expected);

    [Fact]
    public void Without_a_range_the_whole_text_is_returned_without_its_final_newline()
    {
        var slice = TextLines.Slice(FiveLines, null, null, 1_000);

        slice.Should().Be(new LineSlice(5, 1, 5, "one\ntwo\nthree\nfour\nfive", Truncated: false, LastLineCut: false));
    }

    [Fact]
    public void A_range_is_one_based_and_inclusive()
    {
        var slice = TextLines.Slice(FiveLines, 2, 4, 1_000);

        slice.Content.Should().Be("two\nthree\nfour");
        (slice.StartLine, slice.EndLine, slice.TotalLines).Should().Be((2, 4, 5));
    }

    [Fact]
    public void An_end_past_the_last_line_reads_to_the_end() =>
        TextLines.Slice(FiveLines, 4, 99, 1_000).Should().Be(new LineSlice(5, 4, 5, "four\nfive", false, false));

    [Fact]
    public void Only_a_start_line_reads_from_there_to_the_end() =>
        TextLines.Slice("a\nb\nc", 3, null, 1_000).Content.Should().Be("c");

    [Fact]
    public void Windows_line_endings_stay_inside_the_range_but_not_at_its_end() =>
        TextLines.Slice("a\r\nb\r\nc\r\n", 1, 2, 1_000).Content.Should().Be("a\r\nb");

    [Theory]
    [InlineData(0, null, "1-based")]
    [InlineData(1, 0, "1-based")]
    [InlineData(3, 2, "end_line 2 is before start_line 3")]
    [InlineData(6, null, "start_line 6 is past the end of the file (5 lines)")]
    public void Impossible_ranges_are_explained(int start, int? end, string expected)
    {
        var slicing = () => TextLines.Slice(FiveLines, start, end, 1_000);

        slicing.Should().Throw<ToolArgumentException>().WithMessage($"*{expected}*");
    }

    [Fact]
    public void An_empty_file_has_no_lines_and_an_empty_slice()
    {
        TextLines.Slice("", null, null, 1_000).Should().Be(new LineSlice(0, 0, 0, "", false, false));
        ((Action)(() => TextLines.Slice("", 2, null, 1_000))).Should().Throw<ToolArgumentException>();
    }

    [Fact]
    public void A_range_over_the_budget_stops_at_the_last_whole_line_that_fits()
    {
        var slice = TextLines.Slice(FiveLines, 1, null, maxChars: 10);

        slice.Content.Should().Be("one\ntwo");
        (slice.EndLine, slice.Truncated, slice.LastLineCut).Should().Be((2, true, false));
    }

    [Fact]
    public void A_single_line_over_the_budget_is_cut_without_splitting_a_surrogate_pair()
    {
        var text = "ab\U0001F600cd\nnext";

        var slice = TextLines.Slice(text, 1, 1, maxChars: 3);

        slice.Content.Should().Be("ab", "the emoji's two UTF-16 halves stay together or are both left out");
        (slice.EndLine, slice.Truncated, slice.LastLineCut).Should().Be((1, true, true));
    }

    [Fact]
    public void Utf8_text_decodes_without_its_byte_order_mark()
    {
        TextLines.TryDecode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("héllo")], out var text).Should().BeTrue();

        text.Should().Be("héllo");
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    public void Invalid_utf8_or_nul_bytes_are_binary(byte[] content) =>
        TextLines.TryDecode(content, out _).Should().BeFalse();
}
