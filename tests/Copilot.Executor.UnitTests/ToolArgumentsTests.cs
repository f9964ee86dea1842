using System.Text.Json;
using Copilot.Executor.Tools.Common;

namespace Copilot.Executor.UnitTests;

public sealed class ToolArgumentsTests
{
    private static ToolArguments Arguments(string json) => new(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Strings_and_whole_numbers_are_read_by_name()
    {
        var arguments = Arguments("""{"name":"a.txt","start_line":3}""");

        arguments.RequiredString("name").Should().Be("a.txt");
        arguments.OptionalInt("start_line").Should().Be(3);
    }

    [Fact]
    public void Missing_and_null_optional_arguments_are_absent()
    {
        var arguments = Arguments("""{"mime_type":null}""");

        arguments.OptionalString("mime_type").Should().BeNull();
        arguments.OptionalInt("limit").Should().BeNull();
    }

    [Fact]
    public void A_number_sent_as_a_string_is_accepted() => Arguments("""{"limit":"5"}""").OptionalInt("limit").Should().Be(5);

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"name":"  "}""")]
    [InlineData("""{"name":null}""")]
    public void A_required_string_that_is_missing_or_blank_is_an_argument_error(string json) =>
        ((Action)(() => Arguments(json).RequiredString("name"))).Should().Throw<ToolArgumentException>().WithMessage("'name' is required*");

    [Theory]
    [InlineData("""{"limit":2.5}""")]
    [InlineData("""{"limit":"many"}""")]
    [InlineData("""{"limit":true}""")]
    public void A_number_that_is_not_whole_is_an_argument_error(string json) =>
        ((Action)(() => Arguments(json).OptionalInt("limit"))).Should().Throw<ToolArgumentException>().WithMessage("'limit' must be a whole number.");

    [Fact]
    public void A_string_argument_of_another_type_is_an_argument_error() =>
        ((Action)(() => Arguments("""{"name":42}""").OptionalString("name"))).Should().Throw<ToolArgumentException>();
}
