using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Copilot.Executor.Tools.Mcp;

/// <summary>MCP servers whose tools the executor offers (section <c>Mcp</c>).</summary>
public sealed partial class McpOptions : IValidatableObject
{
    public const string SectionName = "Mcp";

    /// <summary>By name; the name becomes part of each tool's name (<c>mcp__&lt;name&gt;__&lt;tool&gt;</c>).</summary>
    public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Wait before reconnecting to a server that failed or went away; doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a connected server's tool list is re-read; a server that does not answer is reconnected.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a server to start and complete the MCP handshake.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, server) in Servers)
        {
            if (!ServerName().IsMatch(name))
            {
                yield return new ValidationResult($"MCP server name '{name}' must be 1-20 letters, digits, '_' or '-'.", [nameof(Servers)]);
            }

            var hasCommand = !string.IsNullOrWhiteSpace(server.Command);
            var hasUrl = !string.IsNullOrWhiteSpace(server.Url);
            if (hasCommand == hasUrl)
            {
                yield return new ValidationResult($"MCP server '{name}' needs either a Command (stdio) or a Url (HTTP), not both.", [nameof(Servers)]);
            }

            if (hasUrl && !(Uri.TryCreate(server.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            {
                yield return new ValidationResult($"MCP server '{name}' has Url '{server.Url}', which is not an absolute http(s) URL.", [nameof(Servers)]);
            }
        }
    }

    // Short, so that mcp__<server>__<tool> leaves room for the tool's own name within OpenAI's 64 characters.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,20}$")]
    private static partial Regex ServerName();
}

/// <summary>One MCP server: a command speaking MCP over stdio, or the URL of a Streamable HTTP (or SSE) endpoint.</summary>
public sealed class McpServerOptions
{
    public string? Command { get; set; }

    public List<string> Arguments { get; set; } = [];

    /// <summary>
    /// The server's environment on top of a minimal inherited set (PATH, HOME, …): the executor's own variables
    /// hold secrets, so only what is listed here reaches the server.
    /// </summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);

    public string? WorkingDirectory { get; set; }

    public string? Url { get; set; }

    /// <summary>Extra HTTP headers for <see cref="Url"/>, e.g. <c>Authorization</c>.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
