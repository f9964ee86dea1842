using System.Text.RegularExpressions;

namespace Copilot.Executor.Titles;

/// <summary>
/// What the title model is shown of a session's first message: the user's own words, without the simulator's
/// <c>[sim:…]</c> markers, markdown, or the blocks the platform appends (page context, attached files, follow-up tags).
/// </summary>
public static partial class TitleSource
{
    /// <summary>Enough to say what a chat is about; the rest only costs tokens.</summary>
    public const int MaxChars = 1_000;

    public static string From(string message)
    {
        var text = AppendedBlock().Split(message, 2)[0];
        text = TaggedBlock().Replace(text, " ");
        text = SimMarker().Replace(text, " ");
        text = MarkdownLink().Replace(text, "$1");
        text = MarkdownSyntax().Replace(text, " ");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= MaxChars ? text : text[..MaxChars];
    }

    [GeneratedRegex(@"\n\n\[(?:Page URL:|Page content\]|Attached files\])")]
    private static partial Regex AppendedBlock();

    [GeneratedRegex(@"<(user_follow_up|memory_context|env_context|user_context)>[\s\S]*?</\1>")]
    private static partial Regex TaggedBlock();

    [GeneratedRegex(@"\[sim:[^\]]*\]")]
    private static partial Regex SimMarker();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"```[a-zA-Z0-9]*|[*_`#>~|]+")]
    private static partial Regex MarkdownSyntax();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
