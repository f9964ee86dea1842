namespace Copilot.Billing.StripeIntegration;

/// <summary>
/// Open-redirect guard for Checkout's <c>success_url</c>/<c>cancel_url</c>: Stripe redirects the user there, so an
/// attacker-supplied URL would turn our Checkout into a phishing redirector.
/// </summary>
public static class RedirectGuard
{
    /// <summary>True when <paramref name="url"/> has exactly the scheme, host and port of <paramref name="allowedOrigin"/>.</summary>
    public static bool IsAllowed(string url, string? allowedOrigin)
    {
        // Parsers and browsers disagree on backslashes and control characters, so they are refused before parsing.
        if (url.Contains('\\') || url.Any(c => c < 0x20))
        {
            return false;
        }

        if (string.IsNullOrEmpty(allowedOrigin)
            || !TrySplit(url, out var scheme, out var authority)
            || !TrySplit(allowedOrigin, out var allowedScheme, out var allowedAuthority))
        {
            return false;
        }

        // "user:pass@host" can show one host and connect to another; an '@' in the query or fragment is harmless.
        if (scheme is not ("http" or "https") || authority.Contains('@'))
        {
            return false;
        }

        return scheme == allowedScheme && string.Equals(authority, allowedAuthority, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Scheme and authority (host[:port] as written) the way a URL parser splits them: <c>scheme://authority/…</c>. The
    /// authority is compared as written, so <c>:443</c> and no port are different origins, like the seed's netloc check.
    /// </summary>
    private static bool TrySplit(string url, out string scheme, out string authority)
    {
        scheme = authority = "";
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        scheme = url[..separator].ToLowerInvariant();
        var rest = url[(separator + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        authority = end < 0 ? rest : rest[..end];
        return authority.Length > 0;
    }
}
