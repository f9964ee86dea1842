using System.Collections.Concurrent;

namespace Copilot.FakeOidc;

/// <summary>What the fake provider remembers: the codes it handed out (single use) and what the tests ask about.</summary>
public sealed class FakeOidcState(FakeOidcOptions options) : IDisposable
{
    /// <summary>How long an authorization code may wait for its exchange.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private int _tokensIssued;
    private int _tokenRequests;

    public FakeOidcOptions Options { get; } = options;

    public TokenSigner Signer { get; } = new();

    /// <summary><c>http://127.0.0.1:port</c>, no trailing slash: the <c>iss</c> of every token and the authority.</summary>
    public string Issuer { get; set; } = "";

    public int TokensIssued => _tokensIssued;

    public int TokenRequests => _tokenRequests;

    public string IssueCode(PendingCode pending)
    {
        var code = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        _codes[code] = pending;
        return code;
    }

    /// <summary>Takes the code out whether or not the exchange then succeeds: a code is good for one try.</summary>
    public PendingCode? Redeem(string code)
    {
        Interlocked.Increment(ref _tokenRequests);
        return _codes.TryRemove(code, out var pending) && pending.ExpiresAt > DateTimeOffset.UtcNow ? pending : null;
    }

    public void CountIssuedToken() => Interlocked.Increment(ref _tokensIssued);

    public void Dispose() => Signer.Dispose();
}

public sealed record PendingCode(string ClientId, string RedirectUri, string CodeChallenge, string Scope, DateTimeOffset ExpiresAt);
