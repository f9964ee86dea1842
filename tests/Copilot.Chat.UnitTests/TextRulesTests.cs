using Copilot.Text;

namespace Copilot.Chat.UnitTests;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("tabs\tand\r\nnew lines")]
    [InlineData("emoji 😀 and accents é")]
    [InlineData("bidi \u202Eoverride\u202C and zero width \u200B")]
    [InlineData("")]
    public void Text_PostgreSQL_can_hold_is_accepted(string text) => TextRules.FindProblem(text).Should().BeNull();

    [Fact]
    public void Text_with_a_NUL_character_is_refused() => TextRules.FindProblem("a\0b").Should().Contain("NUL");

    // A Fact, not a Theory: xUnit serialises theory data as UTF-8, which would turn these lone surrogates into U+FFFD.
    [Fact]
    public void Text_with_an_unpaired_surrogate_is_refused()
    {
        string[] unpaired = ["lone high \uD800 surrogate", "lone low \uDC00 surrogate", "ends on a high surrogate \uD83D", "reversed pair \uDE00\uD83D"];

        unpaired.Select(text => TextRules.FindProblem(text)).Should().AllSatisfy(problem => problem.Should().Contain("surrogate"));
    }

    [Theory]
    [InlineData("user-1")]
    [InlineData("auth0|5f7c8ec7c33c6c004bbafe82")]
    [InlineData("andrée@example.test")]
    public void Ordinary_user_ids_are_accepted(string userId) => TextRules.FindUserIdProblem(userId).Should().BeNull();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" padded")]
    [InlineData("tab\tinside")]
    [InlineData("nul\0inside")]
    [InlineData("escape\u001B[31m")]
    public void User_ids_with_control_characters_or_no_content_are_refused(string? userId) =>
        TextRules.FindUserIdProblem(userId).Should().NotBeNull();

    [Fact]
    public void A_user_id_longer_than_an_account_id_is_refused() =>
        TextRules.FindUserIdProblem(new string('u', TextRules.MaxUserIdLength + 1)).Should().NotBeNull();
}
