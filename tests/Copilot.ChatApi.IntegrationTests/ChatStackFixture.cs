using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Copilot.ChatApi.IntegrationTests;

/// <summary>
/// One chat-api, one executor, the usage service and the LLM simulator for the whole test project. Workspace limits are
/// small so quotas are reached quickly, but the file limit is above the service-wide 1 MiB body limit on purpose.
/// </summary>
public sealed class ChatStackFixture : IAsyncLifetime
{
    public const long MaxFileBytes = 3 * 1024 * 1024;
    public const long MaxTotalBytes = 8 * 1024 * 1024;
    public const int MaxFileCount = 5;

    public CopilotStack Stack { get; private set; } = null!;

    public IConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stack = await CopilotStack.StartAsync(new CopilotStackOptions
        {
            Environment =
            {
                ["Workspace__MaxFileBytes"] = MaxFileBytes.ToString(CultureInfo.InvariantCulture),
                ["Workspace__MaxTotalBytes"] = MaxTotalBytes.ToString(CultureInfo.InvariantCulture),
                ["Workspace__MaxFileCount"] = MaxFileCount.ToString(CultureInfo.InvariantCulture),
            },
        });
        Redis = await ConnectionMultiplexer.ConnectAsync(Stack.Infrastructure.RedisConnectionString);
    }

    public ChatDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseNpgsql(Stack.ChatDatabase).UseSnakeCaseNamingConvention().Options);

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Stack.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ChatStackCollection : ICollectionFixture<ChatStackFixture>
{
    public const string Name = "chat stack";
}

/// <summary>A user of the stack: an authenticated client plus helpers for the common calls.</summary>
public sealed class ChatUser(ChatStackFixture fixture, string userId) : IDisposable
{
    public string UserId { get; } = userId;

    public HttpClient Http { get; } = fixture.Stack.CreateClient(userId);

    public static ChatUser New(ChatStackFixture fixture) => new(fixture, $"user-{Guid.NewGuid():N}");

    public async Task<Guid> CreateSessionAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/chat/sessions", new { });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public Task<HttpResponseMessage> SendAsync(Guid sessionId, object body) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/chat/sessions/{sessionId}/stream")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        }, HttpCompletionOption.ResponseHeadersRead);

    /// <summary>Sends a message and reads the whole SSE answer.</summary>
    public async Task<SseCapture> ChatAsync(Guid sessionId, string message)
    {
        using var response = await SendAsync(sessionId, new { message });
        response.EnsureSuccessStatusCode();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await SseReader.ReadAllAsync(response, timeout.Token);
    }

    public async Task<JsonElement> GetSessionAsync(Guid sessionId, string query = "")
    {
        var response = await Http.GetAsync($"/api/chat/sessions/{sessionId}{query}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose() => Http.Dispose();
}
