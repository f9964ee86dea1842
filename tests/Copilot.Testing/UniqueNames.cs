using System.Text;

namespace Copilot.Testing;

/// <summary>Names that cannot collide between tests, test projects or runs sharing one server.</summary>
internal static class UniqueNames
{
    /// <summary>PostgreSQL truncates identifiers beyond 63 bytes; staying under it keeps names intact.</summary>
    private const int MaxPrefixLength = 40;

    /// <summary>The prefix reduced to lowercase letters, digits and <paramref name="separator"/>, plus a random suffix.</summary>
    public static string Create(string prefix, char separator)
    {
        var cleaned = new StringBuilder();
        foreach (var character in prefix.ToLowerInvariant())
        {
            cleaned.Append(char.IsAsciiLetterOrDigit(character) ? character : separator);
        }

        var trimmed = cleaned.ToString().Trim(separator);
        if (trimmed.Length > MaxPrefixLength)
        {
            trimmed = trimmed[..MaxPrefixLength];
        }

        // Unquoted PostgreSQL identifiers must start with a letter.
        var start = trimmed.Length > 0 && char.IsAsciiLetter(trimmed[0]) ? trimmed : $"t{separator}{trimmed}".TrimEnd(separator);
        return $"{start}{separator}{Guid.NewGuid().ToString("N")[..12]}";
    }
}
