using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Copilot.Executor.Tools.Mcp;

namespace Copilot.Executor.ToolTests.Mcp;

public sealed partial class McpNamingAndOptionsTests
{
    [Fact]
    public void A_plain_tool_name_is_prefixed_with_its_server()
    {
        McpToolNames.For("github", "create_issue").Should().Be("mcp__github__create_issue");
    }

    [Theory]
    [InlineData("files", "read.file")]
    [InlineData("files", "read file")]
    [InlineData("files", "lire_le_fichier_é")]
    [InlineData("a-very-long-server-n", "an_extremely_long_tool_name_that_goes_on_and_on_well_past_the_limit")]
    public void Names_that_would_break_the_model_api_are_made_safe_and_stay_distinct(string server, string tool)
    {
        var name = McpToolNames.For(server, tool);

        OpenAiToolName().IsMatch(name).Should().BeTrue(name);
        name.Should().StartWith("mcp__");
        name.Should().NotBe(McpToolNames.For(server, tool + "2"), "two tools never share a name");
        McpToolNames.For(server, tool).Should().Be(name, "names are stable across reconnects");
    }

    [Fact]
    public void Tools_differing_only_in_unsafe_characters_get_different_names()
    {
        McpToolNames.For("files", "read.file").Should().NotBe(McpToolNames.For("files", "read_file"));
    }

    [Theory]
    [InlineData("ok", "dotnet", null, true)]
    [InlineData("ok", null, "http://127.0.0.1:1/mcp", true)]
    [InlineData("ok", "dotnet", "http://127.0.0.1:1/mcp", false)]
    [InlineData("ok", null, null, false)]
    [InlineData("ok", null, "ftp://example/mcp", false)]
    [InlineData("bad name", "dotnet", null, false)]
    [InlineData("much-too-long-a-server-name", "dotnet", null, false)]
    public void A_server_needs_a_safe_name_and_either_a_command_or_an_http_url(string name, string? command, string? url, bool valid)
    {
        var options = new McpOptions { Servers = { [name] = new McpServerOptions { Command = command, Url = url } } };

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true).Should().Be(valid);
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex OpenAiToolName();
}
