using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace Copilot.Bench.Target;

/// <summary>
/// Bearer tokens per user, asked once each from the gateway's development endpoint: the AppHost makes a fresh signing
/// key every run (the secret parameter <c>jwt-signing-key</c>), and the gateway signs with it.
/// </summary>
public sealed class TokenSource
{
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new(StringComparer.Ordinal);
    private readonly Func<string, Task<string>> _issue;

    private TokenSource(Func<string, Task<string>> issue) => _issue = issue;

    /// <summary>
    /// <c>POST /dev/token</c> (Development only, rate limited per client address: against a running platform keep the
    /// user count modest; the benchmark's own gateway is given a limit no run reaches).
    /// </summary>
    public static TokenSource FromDevelopmentEndpoint(HttpClient gateway) => new(async user =>
    {
        using var response = await gateway.PostAsJsonAsync("/dev/token", new { user_id = user });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("/dev/token returned no access_token.");
    });

    public Task<string> ForAsync(string user) => _tokens.GetOrAdd(user, _issue);
}
