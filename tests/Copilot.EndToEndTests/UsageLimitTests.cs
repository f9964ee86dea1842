using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.EndToEndTests;

/// <summary>
/// The usage limit as a user meets it through the gateway: a daily cap of 50 microdollars, which one simulated turn
/// exceeds, with billing holding the credits a paid reset spends.
/// </summary>
// Shares the collection only to run one platform stack at a time: several at once starve a 2-core machine.
[Collection(GatewayStackCollection.Name)]
public sealed class UsageLimitTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private CopilotStack _stack = null!;

    public async Task InitializeAsync()
    {
        var options = new CopilotStackOptions { WithGateway = true, WithBilling = true };
        options.Environment["Usage__DailyCostLimitMicrodollars"] = "50";
        options.Environment["Usage__WeeklyCostLimitMicrodollars"] = "5000000";
        _stack = await CopilotStack.StartAsync(options);
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Over_the_daily_limit_a_user_gets_429_sees_100_percent_pays_a_reset_and_chats_again()
    {
        var userId = $"spender-{Guid.NewGuid():N}";
        using var user = ChatClient.For(_stack, userId);
        using var admin = _stack.CreateClient($"admin-{Guid.NewGuid():N}", "admin");
        var session = await user.CreateSessionAsync();

        await AnsweredAsync(user, session, "first [sim:ttft=0]");
        await WaitUntilCountedAsync(admin, userId);

        using var refused = await user.SendAsync(session, "second [sim:ttft=0]");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
            .Should().StartWith("You've reached your daily usage limit. Resets in ");

        var usage = await user.Http.GetFromJsonAsync<JsonElement>("/api/chat/usage");
        usage.GetProperty("daily").GetProperty("percent_used").GetDouble().Should().Be(100);
        usage.GetProperty("daily").TryGetProperty("used", out _).Should().BeFalse("users never see raw spend");

        var unpaid = await user.Http.PostAsync("/api/usage/reset", null);
        unpaid.StatusCode.Should().Be(HttpStatusCode.PaymentRequired);
        (await admin.PostAsJsonAsync("/api/credits/admin/grant", new { user_id = userId, amount_cents = 1000, reason = "test" }))
            .EnsureSuccessStatusCode();
        var reset = await user.Http.PostAsync("/api/usage/reset", null);
        reset.StatusCode.Should().Be(HttpStatusCode.OK);
        var resetBody = await reset.Content.ReadFromJsonAsync<JsonElement>();
        resetBody.GetProperty("credits_charged").GetInt32().Should().Be(500);
        resetBody.GetProperty("remaining_balance").GetInt32().Should().Be(500);

        await AnsweredAsync(user, session, "third [sim:ttft=0]");
    }

    [Fact]
    public async Task An_admin_finds_a_user_who_only_chatted_and_a_tier_change_moves_the_limit_at_once_and_reaches_billing()
    {
        var userId = $"tiered-{Guid.NewGuid():N}";
        var email = $"{userId}@example.com";
        using var user = new ChatClient(_stack.CreateClientWithEmail(userId, email), userId);
        using var admin = _stack.CreateClient($"admin-{Guid.NewGuid():N}", "admin");
        var session = await user.CreateSessionAsync();
        await AnsweredAsync(user, session, "spend [sim:ttft=0]");
        var used = await WaitUntilCountedAsync(admin, userId);

        var before = await admin.GetFromJsonAsync<JsonElement>($"/api/copilot/admin/rate_limit?user_id={userId}");
        before.GetProperty("daily_cost_limit_microdollars").GetInt64().Should().Be(50);
        before.GetProperty("daily_cost_used_microdollars").GetInt64().Should().Be(used);
        (await user.Http.GetAsync("/api/copilot/admin/rate_limit?user_id=" + userId)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // Only chat-api has seen this user: its UserSeen report gave billing the account, with the token's email.
        await Eventually.TrueAsync(async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/copilot/admin/rate_limit?user_id={userId}"))
            .GetProperty("user_email").GetString() == email, Patience, "billing to learn the user's email from chat-api");
        var byEmail = await admin.GetFromJsonAsync<JsonElement>($"/api/copilot/admin/rate_limit?email={Uri.EscapeDataString(email)}");
        byEmail.GetProperty("user_id").GetString().Should().Be(userId);
        (await admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/tier", new { user_id = userId, tier = "ENTERPRISE" })).EnsureSuccessStatusCode();

        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/copilot/admin/rate_limit?user_id={userId}");
        after.GetProperty("tier").GetString().Should().Be("ENTERPRISE");
        after.GetProperty("daily_cost_limit_microdollars").GetInt64().Should().Be(50 * 60);
        (await user.Http.GetFromJsonAsync<JsonElement>("/api/credits/subscription")).GetProperty("tier").GetString()
            .Should().Be("ENTERPRISE", "billing holds the tier the admin set through usage");
    }

    private static async Task<long> WaitUntilCountedAsync(HttpClient admin, string userId)
    {
        // Cost arrives asynchronously (LlmUsageRecorded over RabbitMQ).
        var used = await Eventually.ReadAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/copilot/admin/rate_limit?user_id={userId}")).GetProperty("daily_cost_used_microdollars").GetInt64(),
            until: used => used > 50, Patience);
        used.Should().BeGreaterThan(50, "the turn's cost should be counted");
        return used;
    }

    private static async Task AnsweredAsync(ChatClient user, Guid session, string message)
    {
        var capture = await user.ChatAsync(session, message);
        capture.Types.Should().EndWith(["finish", null]);
        capture.Types.Should().NotContain("error");
    }
}
