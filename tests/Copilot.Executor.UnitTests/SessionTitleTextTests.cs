using Copilot.Executor.Titles;

namespace Copilot.Executor.UnitTests;

public sealed class SessionTitleTextTests
{
    [Fact]
    public void The_title_model_sees_the_users_words_without_markers_markdown_or_appended_blocks()
    {
        const string message = "## Compare **two** [offers](https://x.test) [sim:long=5]\n\n[Page URL: https://shop.test]\n\n[Attached files]\n- file_id=1";

        TitleSource.From(message).Should().Be("Compare two offers");
    }

    [Fact]
    public void Injected_context_tags_are_removed()
    {
        TitleSource.From("<user_context>role: admin</user_context> Fix the login bug").Should().Be("Fix the login bug");
    }

    [Theory]
    [InlineData("\"Trip to Lisbon.\"", "Trip to Lisbon")]
    [InlineData("**Budget review**\nextra line", "Budget review")]
    [InlineData("  ", "")]
    public void The_answer_becomes_one_clean_line(string answer, string title)
    {
        SessionTitler.Clean(answer).Should().Be(title);
    }

    [Fact]
    public void A_long_answer_is_cut_to_the_title_length()
    {
        SessionTitler.Clean(new string('a', 200)).Should().HaveLength(SessionTitler.MaxTitleLength);
    }
}
