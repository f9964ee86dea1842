using System.Text;

namespace Copilot.Bench.Report;

/// <summary>One scenario's Markdown: paragraphs and tables, in the order they were added.</summary>
public sealed class ScenarioReport(string scenario, string title)
{
    private readonly StringBuilder _body = new();

    public string Scenario { get; } = scenario;

    public string Title { get; } = title;

    public string Body => _body.ToString();

    /// <summary>The headline numbers for the JSON file beside the Markdown; the scenario fills what it measures.</summary>
    public ScenarioSummary Summary { get; set; } = new();

    public void Paragraph(string text) => _body.Append(text).Append("\n\n");

    public void Table(string heading, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("#### ").Append(heading).Append("\n\n");
        _body.Append("| ").AppendJoin(" | ", header).Append(" |\n");
        _body.Append('|').AppendJoin('|', header.Select(_ => "---")).Append("|\n");
        foreach (var row in rows)
        {
            _body.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }

        _body.Append('\n');
    }

    public string ToMarkdown(MachineInfo machine, string target, DateTimeOffset startedAt) =>
        $"""
        ### {Title}

        Run {startedAt:yyyy-MM-dd HH:mm} UTC. Machine: {machine.Describe()}.
        System under test: {target}.

        {Body}
        """;
}
