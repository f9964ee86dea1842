using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Copilot.Gateway.SignIn;

/// <summary>
/// The OIDC provider the web client signs in with (configuration section <c>Oidc</c>): a public client using the
/// authorization code flow with PKCE, so no client secret exists here. Unset, the web client uses development sign-in.
/// </summary>
public sealed class OidcOptions : IValidatableObject
{
    public const string SectionName = "Oidc";

    /// <summary>The provider's issuer URL; its discovery document is <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The web client's client id at the provider (registered with the redirect URI <c>{origin}/auth/callback</c>).</summary>
    public string? ClientId { get; set; }

    public string Scope { get; set; } = "openid profile email";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The authority's scheme, host and port: the origin the web client calls, allowed by the CSP.</summary>
    public string? AuthorityOrigin => Enabled ? new Uri(Authority!).GetLeftPart(UriPartial.Authority) : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && !IsLoopbackHttp(authority)))
        {
            // Tokens and PKCE secrets cross this connection; plain http is only tolerable on this machine.
            yield return new ValidationResult("Oidc:Authority must be an https URL (http only on a loopback host).", [nameof(Authority)]);
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("Oidc:ClientId is required when Oidc:Authority is set.", [nameof(ClientId)]);
        }

        if (string.IsNullOrWhiteSpace(Scope))
        {
            yield return new ValidationResult("Oidc:Scope must not be empty.", [nameof(Scope)]);
        }
    }

    private static bool IsLoopbackHttp(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address)));
}
