using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Copilot.Testing;

/// <summary>Bearer tokens signed the way the services validate them in a test stack (symmetric development key).</summary>
public static class TestTokens
{
    public const string Issuer = "copilot-dev";
    public const string Audience = "copilot";

    /// <summary>A per-run key, so a token minted for one run can never be replayed against another.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    public static string For(string userId, params string[] roles) => Create(userId, roles, SigningKey, DateTime.UtcNow.AddHours(1));

    public static string WithEmail(string userId, string email) =>
        Create(userId, [], SigningKey, DateTime.UtcNow.AddHours(1), extraClaims: [new Claim("email", email)]);

    /// <summary>A well-formed token that must be rejected (wrong key or already expired).</summary>
    public static string Forged(string userId) => Create(userId, [], SigningKey + "-not-the-key", DateTime.UtcNow.AddHours(1));

    /// <summary>A token with no signature at all (<c>alg: none</c>), claiming whatever it likes.</summary>
    public static string Unsigned(string userId, params string[] roles) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Subject = new ClaimsIdentity([new Claim("sub", userId), .. roles.Select(role => new Claim("role", role))]),
        Expires = DateTime.UtcNow.AddHours(1),
    });

    public static string Expired(string userId) => Create(userId, [], SigningKey, DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow.AddHours(-1));

    private static string Create(string userId, string[] roles, string key, DateTime expires, DateTime? notBefore = null, Claim[]? extraClaims = null)
    {
        var claims = new List<Claim> { new("sub", userId) };
        claims.AddRange(roles.Select(role => new Claim("role", role)));
        claims.AddRange(extraClaims ?? []);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = notBefore ?? DateTime.UtcNow.AddMinutes(-1),
            IssuedAt = notBefore ?? DateTime.UtcNow.AddMinutes(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
