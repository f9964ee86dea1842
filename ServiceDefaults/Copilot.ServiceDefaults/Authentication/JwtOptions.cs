using System.ComponentModel.DataAnnotations;

namespace Copilot.ServiceDefaults.Authentication;

/// <summary>
/// Bearer-token validation settings shared by every API. Either <see cref="Authority"/> (any OIDC provider, keys from
/// its discovery document) or <see cref="SigningKey"/> (a symmetric key, used by the embedded development issuer).
/// </summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    [Required]
    public string Issuer { get; set; } = "copilot-dev";

    [Required]
    public string Audience { get; set; } = "copilot";

    public string? Authority { get; set; }

    /// <summary>
    /// Whether the authority's metadata and keys must come over https. Only a local test provider (plain http on
    /// loopback) turns this off; a deployment keeps it on.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>HMAC-SHA256 key, at least 32 bytes once UTF-8 encoded.</summary>
    public string? SigningKey { get; set; }
}
