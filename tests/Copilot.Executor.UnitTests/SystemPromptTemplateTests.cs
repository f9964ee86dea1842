using Copilot.Executor.Prompts;

namespace Copilot.Executor.UnitTests;

public sealed class SystemPromptTemplateTests
{
    private const string Template = """
        <!-- a note for editors, version 1 -->
        Always here.
        <!-- when tool: bash_exec -->
        Bash notes.
        <!-- end -->
        <!-- when tool: run_sub_session -->
        Delegation notes.
        <!-- end -->
        Closing rule.
        """;

    [Fact]
    public void A_tool_section_is_kept_only_for_a_turn_that_may_call_the_tool()
    {
        var prompt = SystemPromptTemplate.Parse(Template).Render(new HashSet<string> { "bash_exec" });

        prompt.Should().Be("Always here.\nBash notes.\nClosing rule.");
    }

    [Fact]
    public void Editor_notes_never_reach_the_model()
    {
        var prompt = SystemPromptTemplate.Parse(Template).Render(new HashSet<string>());

        prompt.Should().Be("Always here.\nClosing rule.");
    }

    [Theory]
    [InlineData("<!-- when tool: a -->\nno end")]
    [InlineData("<!-- when tool: a -->\n<!-- when tool: b -->\n<!-- end -->")]
    [InlineData("text\n<!-- end -->")]
    public void A_section_left_open_or_an_end_that_closes_nothing_is_refused(string text)
    {
        var parse = () => SystemPromptTemplate.Parse(text);

        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void The_bundled_prompt_carries_the_follow_up_and_closing_rules_for_every_turn_and_tool_notes_for_its_tools()
    {
        var template = SystemPromptTemplate.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, SystemPrompt.BundledFile)));

        var bare = template.Render(new HashSet<string>());
        var full = template.Render(new HashSet<string> { "run_sub_session", "read_workspace_file", "write_workspace_file", "bash_exec", "search_memory" });

        bare.Should().Contain("<user_follow_up>").And.Contain("Always close the turn with visible text").And.NotContain("<!--");
        bare.Should().NotContain("run_sub_session").And.NotContain("bash_exec");
        full.Should().Contain("get_sub_session_result").And.Contain("list_workspace_files").And.Contain("write_workspace_file")
            .And.Contain("bash_exec").And.Contain("add_memory");
    }
}
