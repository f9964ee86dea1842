namespace Copilot.Text;

/// <summary>
/// What text may enter the platform. PostgreSQL's text type cannot hold NUL (the insert fails with 22021, which
/// surfaced as 500s and once left a queued follow-up that failed every later turn of its session), and a lone UTF-16
/// surrogate has no UTF-8 form, so neither is accepted anywhere. Identifiers are stricter: no control characters.
/// </summary>
public static class TextRules
{
    /// <summary>The longest user id (a token's <c>sub</c>) any service accepts; billing's account column holds this many.</summary>
    public const int MaxUserIdLength = 200;

    /// <returns>Why <paramref name="text"/> cannot be stored, or null when it can.</returns>
    public static string? FindProblem(ReadOnlySpan<char> text)
    {
        if (text.Contains('\0'))
        {
            return "must not contain NUL characters";
        }

        return HasUnpairedSurrogate(text) ? "must not contain unpaired UTF-16 surrogates" : null;
    }

    /// <returns>Why <paramref name="userId"/> cannot identify a user, or null when it can.</returns>
    public static string? FindUserIdProblem(string? userId)
    {
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > MaxUserIdLength)
        {
            return $"must be 1 to {MaxUserIdLength} characters";
        }

        if (userId.AsSpan().Trim().Length != userId.Length)
        {
            return "must not start or end with whitespace";
        }

        return userId.Any(char.IsControl) ? "must not contain control characters" : FindProblem(userId);
    }

    private static bool HasUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        var first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return false;
        }

        for (var i = first; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
            {
                continue;
            }

            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return true;
            }

            i++;
        }

        return false;
    }
}
