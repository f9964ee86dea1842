using System.ComponentModel.DataAnnotations;
using Copilot.Chat.Workspace;

namespace Copilot.Chat.UnitTests;

public sealed class WorkspaceFileRulesTests
{
    [Theory]
    [InlineData("notes.md")]
    [InlineData("Quarterly report (final) v2.xlsx")]
    [InlineData("src/main.py")]
    [InlineData("résumé.pdf")]
    public void Ordinary_names_are_valid(string name) => WorkspaceFileRules.ValidateName(name).Should().BeNull();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" padded.txt")]
    [InlineData("line\nbreak.txt")]
    [InlineData("nul\0.txt")]
    public void Blank_padded_or_control_character_names_are_refused(string name) =>
        WorkspaceFileRules.ValidateName(name).Should().NotBeNull();

    [Fact]
    public void A_name_longer_than_the_limit_is_refused()
    {
        WorkspaceFileRules.ValidateName(new string('a', WorkspaceFileRules.MaxNameLength)).Should().BeNull();
        WorkspaceFileRules.ValidateName(new string('a', WorkspaceFileRules.MaxNameLength + 1)).Should().Contain("at most 255");
    }

    [Theory]
    [InlineData("text/plain", true)]
    [InlineData("text/plain; charset=utf-8", true)]
    [InlineData("image/png", true)]
    [InlineData("*/*", false)]
    [InlineData("text/*", false)]
    [InlineData("not a type", false)]
    public void Media_types_must_name_one_concrete_type(string mimeType, bool valid) =>
        (WorkspaceFileRules.ValidateMimeType(mimeType) is null).Should().Be(valid);

    [Theory]
    [InlineData("notes.md", null, "text/markdown")]
    [InlineData("data.csv", "application/octet-stream", "text/csv")]
    [InlineData("photo.png", "", "image/png")]
    [InlineData("photo.png", "image/webp", "image/webp")]
    [InlineData("no-extension", null, "application/octet-stream")]
    public void A_missing_or_generic_media_type_is_inferred_from_the_extension(string name, string? given, string expected) =>
        WorkspaceFileRules.ResolveMimeType(name, given, WorkspaceFileRules.BinaryMimeType).Should().Be(expected);

    [Fact]
    public void Options_with_a_total_below_the_per_file_limit_are_invalid()
    {
        var options = new WorkspaceOptions { MaxFileBytes = 2_000, MaxTotalBytes = 1_000 };

        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true).Should().BeFalse();
    }
}
