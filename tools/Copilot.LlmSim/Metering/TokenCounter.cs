using System.Text.RegularExpressions;

namespace Copilot.LlmSim.Metering;

/// <summary>
/// A deterministic stand-in for a tokenizer: each run of letters/digits/underscores is one token and so is each
/// other non-space character. Close enough to real counts for cost and context tests, and free of any model files.
/// </summary>
public static partial class TokenCounter
{
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Token().Count(text);

    [GeneratedRegex(@"\w+|[^\w\s]")]
    private static partial Regex Token();
}
