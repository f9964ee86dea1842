namespace Copilot.ChatApi.Prompts;

/// <summary>
/// Quick-start prompts a client shows on an empty chat, grouped by theme. The seed personalises them from what it knows
/// of the user's business; until the platform learns that, a deployment configures one set for everyone.
/// </summary>
public sealed class SuggestedPromptsOptions
{
    public const string SectionName = "Chat:SuggestedPrompts";

    public List<SuggestedTheme> Themes { get; set; } = [];

    /// <summary>A theme without a name or prompts, or a blank prompt, would show as an empty button.</summary>
    public bool IsValid() =>
        Themes.All(theme => !string.IsNullOrWhiteSpace(theme.Name) && theme.Prompts.Count > 0 && theme.Prompts.All(prompt => !string.IsNullOrWhiteSpace(prompt)));
}

public sealed class SuggestedTheme
{
    public string Name { get; set; } = "";

    public List<string> Prompts { get; set; } = [];
}
