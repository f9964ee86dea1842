using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Usage.IntegrationTests.Support;

namespace Copilot.Usage.IntegrationTests;

/// <summary>The caller's own usage (percent only) and the paid daily reset, with billing answering over the bus.</summary>
[Collection(UsageCollection.Name)]
public sealed class UsageApiTests(UsageFixture fixture)
{
    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Usage_is_percentages_reset_times_tier_and_reset_cost_only()
    {
        var userId = UsageFixture.NewUserId();
        using var client = fixture.UserClient(userId);
        await fixture.SetUsedAsync(userId, 50_000, 200_000);

        var response = await client.GetAsync("/api/usage");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var usage = await ReadAsync(response);
        usage.GetProperty("daily").GetProperty("percent_used").GetDouble().Should().Be(5.0);
        usage.GetProperty("weekly").GetProperty("percent_used").GetDouble().Should().Be(4.0);
        usage.GetProperty("daily").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("percent_used", "resets_at");
        usage.GetProperty("daily").GetProperty("resets_at").GetDateTimeOffset().Should().Be(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero));
        usage.GetProperty("tier").GetString().Should().Be("FREE");
        usage.GetProperty("reset_cost").GetInt32().Should().Be(UsageFixture.ResetCostCents);
    }

    [Fact]
    public async Task Over_the_cap_shows_exactly_100_percent()
    {
        var userId = UsageFixture.NewUserId();
        using var client = fixture.UserClient(userId);
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit + 1_234, 0);

        var usage = await ReadAsync(await client.GetAsync("/api/usage"));

        usage.GetProperty("daily").GetProperty("percent_used").GetDouble().Should().Be(100.0);
    }

    [Fact]
    public async Task Usage_requires_a_user()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Usage.BaseAddress };

        (await anonymous.GetAsync("/api/usage")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Paying_resets_the_day_credits_the_week_and_lets_the_user_chat_again()
    {
        var userId = UsageFixture.NewUserId();
        fixture.Billing.AddAccount(userId, $"{userId}@example.com", balanceCents: 1_200);
        using var client = fixture.UserClient(userId);
        using var internalClient = fixture.InternalClient();
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit, 3_000_000);

        var response = await client.PostAsync("/api/usage/reset", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var reset = await ReadAsync(response);
        reset.GetProperty("success").GetBoolean().Should().BeTrue();
        reset.GetProperty("credits_charged").GetInt32().Should().Be(UsageFixture.ResetCostCents);
        reset.GetProperty("remaining_balance").GetInt32().Should().Be(700);
        reset.GetProperty("usage").GetProperty("daily").GetProperty("percent_used").GetDouble().Should().Be(0);
        (await fixture.GetLongAsync(UsageFixture.WeeklyKey(userId))).Should().Be(2_000_000);
        (await fixture.GetLongAsync($"copilot:reset_count:{userId}:{DateTime.UtcNow:yyyy-MM-dd}")).Should().Be(1);
        (await fixture.Db.KeyExistsAsync($"copilot:reset_lock:{userId}")).Should().BeFalse();
        fixture.Billing.Spends.Should().Contain(s => s.UserId == userId && s.Reason == "CoPilot daily rate limit reset");
        var admission = await internalClient.GetFromJsonAsync<JsonElement>($"/internal/usage/{userId}/admission");
        admission.GetProperty("allowed").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task The_weekly_credit_is_clamped_at_zero_and_keeps_its_ttl()
    {
        var userId = UsageFixture.NewUserId();
        fixture.Billing.AddAccount(userId, $"{userId}@example.com", balanceCents: 500);
        using var client = fixture.UserClient(userId);
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit, 400_000);

        (await client.PostAsync("/api/usage/reset", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await fixture.GetLongAsync(UsageFixture.WeeklyKey(userId))).Should().Be(0);
        (await fixture.Db.KeyTimeToLiveAsync(UsageFixture.WeeklyKey(userId))).Should().BePositive();
        (await fixture.Db.KeyExistsAsync(UsageFixture.DailyKey(userId))).Should().BeFalse();
    }

    [Fact]
    public async Task Without_enough_credits_the_reset_is_402()
    {
        var userId = UsageFixture.NewUserId();
        fixture.Billing.AddAccount(userId, $"{userId}@example.com", balanceCents: 100);
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit, 0);

        await ShouldRefuseAsync(userId, HttpStatusCode.PaymentRequired, "Insufficient credits to reset your rate limit.");
        (await fixture.GetLongAsync(UsageFixture.DailyKey(userId))).Should().Be(UsageFixture.DailyLimit);
    }

    [Fact]
    public async Task Under_the_daily_limit_there_is_nothing_to_pay_for()
    {
        var userId = UsageFixture.NewUserId();
        fixture.Billing.AddAccount(userId, $"{userId}@example.com", balanceCents: 10_000);

        await ShouldRefuseAsync(userId, HttpStatusCode.BadRequest, "You have not reached your daily limit yet.");
        fixture.Billing.Spends.Should().NotContain(s => s.UserId == userId);
    }

    [Fact]
    public async Task A_reached_weekly_limit_makes_the_reset_pointless()
    {
        var userId = UsageFixture.NewUserId();
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit, UsageFixture.WeeklyLimit);

        await ShouldRefuseAsync(userId, HttpStatusCode.BadRequest, "Your weekly limit is also reached. Resetting the daily limit won't help.");
    }

    [Fact]
    public async Task The_daily_reset_cap_and_a_reset_in_progress_are_429()
    {
        var capped = UsageFixture.NewUserId();
        await fixture.Db.StringSetAsync($"copilot:reset_count:{capped}:{DateTime.UtcNow:yyyy-MM-dd}", UsageFixture.MaxDailyResets, TimeSpan.FromMinutes(5));
        var locked = UsageFixture.NewUserId();
        await fixture.Db.StringSetAsync($"copilot:reset_lock:{locked}", "1", TimeSpan.FromMinutes(5));

        await ShouldRefuseAsync(capped, HttpStatusCode.TooManyRequests, $"You've used all {UsageFixture.MaxDailyResets} resets for today.");
        await ShouldRefuseAsync(locked, HttpStatusCode.TooManyRequests, "A reset is already in progress. Please try again.");
    }

    private async Task ShouldRefuseAsync(string userId, HttpStatusCode status, string detail)
    {
        using var client = fixture.UserClient(userId);

        var response = await client.PostAsync("/api/usage/reset", null);

        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await ReadAsync(response)).GetProperty("detail").GetString().Should().Be(detail);
    }
}
