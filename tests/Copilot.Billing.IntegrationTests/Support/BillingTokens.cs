using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Copilot.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Copilot.Billing.IntegrationTests.Support;

/// <summary>Tokens with an <c>email</c> claim (the shared <see cref="TestTokens"/> mint only <c>sub</c> and roles).</summary>
public static class BillingTokens
{
    public static HttpClient CreateClient(Uri baseAddress, string userId, string email)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestTokens.Issuer,
            Audience = TestTokens.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim("email", email)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
