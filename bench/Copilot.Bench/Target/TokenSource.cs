using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.Bench.Target;

/// <summary>Bearer tokens per user: minted with the stack's own key, or asked from a running platform's development endpoint.</summary>
public sealed class TokenSource
{
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new(StringComparer.Ordinal);
    private readonly Func<string, Task<string>> _issue;

    private TokenSource(Func<string, Task<string>> issue) => _issue = issue;

    public static TokenSource Minted() => new(user => Task.FromResult(TestTokens.For(user)));

    /// <summary><c>POST /dev/token</c> (Development only, rate limited per client address: keep the user count modest).</summary>
    public static TokenSource FromDevelopmentEndpoint(HttpClient gateway) => new(async user =>
    {
        using var response = await gateway.PostAsJsonAsync("/dev/token", new { user_id = user });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("/dev/token returned no access_token.");
    });

    public Task<string> ForAsync(string user) => _tokens.GetOrAdd(user, _issue);
}
