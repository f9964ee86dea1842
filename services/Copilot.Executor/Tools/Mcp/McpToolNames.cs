using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Copilot.Executor.Tools.Mcp;

/// <summary>
/// Names MCP tools <c>mcp__&lt;server&gt;__&lt;tool&gt;</c> within OpenAI's <c>^[a-zA-Z0-9_-]{1,64}$</c>. A tool name
/// that had to be changed (other characters, or too long) gets a short hash of the original, so two tools never
/// collapse into one name.
/// </summary>
public static partial class McpToolNames
{
    public const int MaxLength = 64;
    public const string Prefix = "mcp__";

    public static string For(string server, string tool)
    {
        var name = $"{Prefix}{server}__{tool}";
        var safe = Unsafe().Replace(name, "_");
        if (safe == name && name.Length <= MaxLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{server}\0{tool}")))[..8];
        return $"{safe[..Math.Min(safe.Length, MaxLength - hash.Length - 1)]}_{hash}";
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex Unsafe();
}
