using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim.UnitTests.Scenarios;

public sealed class MarkerParserTests
{
    [Fact]
    public void Text_without_markers_comes_back_unchanged()
    {
        var marked = MarkerParser.Parse("Just [a] question [sim without colon]");

        marked.Markers.Should().BeEmpty();
        marked.Text.Should().Be("Just [a] question [sim without colon]");
    }

    [Fact]
    public void Markers_with_and_without_arguments_are_read_in_order_and_cut_out()
    {
        var marked = MarkerParser.Parse("[sim:ttft=0][sim:delay=5] Hello [sim:nocost] world");

        marked.Markers.Should().Equal(new SimMarker("ttft", "0"), new SimMarker("delay", "5"), new SimMarker("nocost", null));
        marked.Text.Should().Be(" Hello  world");
    }

    [Fact]
    public void Marker_names_are_case_insensitive()
    {
        MarkerParser.Parse("[SIM:Reasoning=details]").Markers.Should().Equal(new SimMarker("reasoning", "details"));
    }

    [Fact]
    public void Json_arguments_may_contain_brackets_and_quoted_closing_brackets()
    {
        var marked = MarkerParser.Parse("""[sim:tool=search:{"q":"a]b","ids":[1,[2]]}] rest""");

        marked.Markers.Should().Equal(new SimMarker("tool", """search:{"q":"a]b","ids":[1,[2]]}"""));
        marked.Text.Should().Be(" rest");
    }

    [Theory]
    [InlineData("[sim:long=5")]
    [InlineData("[sim:]")]
    [InlineData("[sim:tool=x:{\"open\":\"]")]
    [InlineData("[sim:two words]")]
    public void Unterminated_or_empty_markers_stay_in_the_text(string text)
    {
        var marked = MarkerParser.Parse(text);

        marked.Markers.Should().BeEmpty();
        marked.Text.Should().Be(text);
    }

    [Fact]
    public void A_broken_marker_does_not_hide_a_valid_one_after_it()
    {
        var marked = MarkerParser.Parse("[sim:oops [sim:long=7]");

        marked.Markers.Should().Equal(new SimMarker("long", "7"));
        marked.Text.Should().Be("[sim:oops ");
    }
}
