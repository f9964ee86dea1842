namespace Copilot.Gateway.Security;

/// <summary>Response headers the edge adds (configuration section <c>SecurityHeaders</c>).</summary>
public sealed class SecurityHeadersOptions
{
    public const string SectionName = "SecurityHeaders";

    /// <summary>
    /// Fits the built web client: scripts, styles and API calls from this origin only (Vite emits no inline code and
    /// React sets styles through the CSSOM), no plugins, and no framing. The OIDC provider's origin
    /// (<c>Oidc:Authority</c>) is added to <c>connect-src</c> when one is configured.
    /// </summary>
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Session ids travel in page URLs (<c>?sessionId=</c>); no referrer keeps them from leaving with a link click.</summary>
    public string ReferrerPolicy { get; set; } = "no-referrer";
}
