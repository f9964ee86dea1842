namespace Copilot.FakeOidc;

/// <summary>How to run the fake provider and whom it signs in.</summary>
public sealed class FakeOidcOptions
{
    /// <summary>Kestrel URL; a free loopback port when null.</summary>
    public string? Url { get; set; }

    public string ClientId { get; set; } = "copilot-web";

    /// <summary>The <c>aud</c> of every access token (the services' <c>Jwt:Audience</c>).</summary>
    public string Audience { get; set; } = "copilot";

    /// <summary>The user /authorize approves without asking: the tokens' <c>sub</c>.</summary>
    public string Subject { get; set; } = "oidc-user";

    public string? Email { get; set; }

    /// <summary>When set, /authorize refuses any other redirect URI (as a real provider does with its registered list).</summary>
    public Uri? RedirectUri { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
