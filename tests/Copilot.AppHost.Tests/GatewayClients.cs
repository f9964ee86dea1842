using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Copilot.AppHost.Tests;

/// <summary>Clients of a running platform's gateway, signed in as a new user through its development token endpoint.</summary>
internal static class GatewayClients
{
    public static async Task<HttpClient> ForNewUserAsync(Uri gateway, string userPrefix)
    {
        var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsJsonAsync("/dev/token", new { user_id = $"{userPrefix}-{Guid.NewGuid():N}" });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
