using System.Text;
using System.Text.RegularExpressions;

namespace Copilot.Executor.Prompts;

/// <summary>
/// The system prompt file: plain text whose sections between <c>&lt;!-- when tool: NAME --&gt;</c> and
/// <c>&lt;!-- end --&gt;</c> are kept only for turns that may call NAME. Other HTML comments are notes for whoever edits
/// the file and never reach the model.
/// </summary>
public sealed partial class SystemPromptTemplate
{
    private readonly IReadOnlyList<(string? Tool, string Text)> _sections;

    private SystemPromptTemplate(IReadOnlyList<(string? Tool, string Text)> sections) => _sections = sections;

    /// <exception cref="FormatException">A tool section is not closed, or an end closes nothing.</exception>
    public static SystemPromptTemplate Parse(string text)
    {
        var sections = new List<(string? Tool, string Text)>();
        string? tool = null;
        var position = 0;
        foreach (Match directive in Directive().Matches(text))
        {
            sections.Add((tool, text[position..directive.Index]));
            position = directive.Index + directive.Length;
            if (directive.Groups["tool"].Success)
            {
                tool = tool is null ? directive.Groups["tool"].Value : throw new FormatException($"The section of tool {tool} is not closed before the next one.");
            }
            else if (directive.Groups["end"].Success)
            {
                tool = tool is not null ? null : throw new FormatException("An end closes no tool section.");
            }
        }

        if (tool is not null)
        {
            throw new FormatException($"The section of tool {tool} is not closed.");
        }

        sections.Add((null, text[position..]));
        return new SystemPromptTemplate(sections);
    }

    /// <summary>The prompt for a turn that may call <paramref name="tools"/>.</summary>
    public string Render(IReadOnlySet<string> tools)
    {
        var prompt = new StringBuilder();
        foreach (var (tool, text) in _sections)
        {
            if (tool is null || tools.Contains(tool))
            {
                prompt.Append(text);
            }
        }

        return BlankLines().Replace(prompt.ToString(), "\n\n").Trim();
    }

    [GeneratedRegex(@"<!--\s*(?:when tool:\s*(?<tool>[A-Za-z0-9_.-]+)|(?<end>end)|[\s\S]*?)\s*-->\n?")]
    private static partial Regex Directive();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
