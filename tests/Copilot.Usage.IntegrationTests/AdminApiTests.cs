using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Copilot.Contracts;
using Copilot.Usage.IntegrationTests.Support;

namespace Copilot.Usage.IntegrationTests;

/// <summary>The admin rate-limit API (role admin): raw microdollars, tiers, resets, user search through billing.</summary>
[Collection(UsageCollection.Name)]
public sealed class AdminApiTests(UsageFixture fixture) : IDisposable
{
    private readonly HttpClient _admin = fixture.AdminClient();

    public void Dispose() => _admin.Dispose();

    public static async Task<JsonElement> GetRateLimitAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync($"/api/copilot/admin/rate_limit?{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> NewAccountAsync(long daily = 500_000, long weekly = 3_000_000)
    {
        var userId = UsageFixture.NewUserId();
        fixture.Billing.AddAccount(userId, $"{userId}@example.com");
        await fixture.SetUsedAsync(userId, daily, weekly);
        return userId;
    }

    [Fact]
    public async Task By_user_id_shows_raw_microdollars_and_the_email()
    {
        var userId = await NewAccountAsync();

        var limits = await GetRateLimitAsync(_admin, $"user_id={userId}");

        limits.GetProperty("user_id").GetString().Should().Be(userId);
        limits.GetProperty("user_email").GetString().Should().Be($"{userId}@example.com");
        limits.GetProperty("daily_cost_limit_microdollars").GetInt64().Should().Be(UsageFixture.DailyLimit);
        limits.GetProperty("weekly_cost_limit_microdollars").GetInt64().Should().Be(UsageFixture.WeeklyLimit);
        limits.GetProperty("daily_cost_used_microdollars").GetInt64().Should().Be(500_000);
        limits.GetProperty("weekly_cost_used_microdollars").GetInt64().Should().Be(3_000_000);
        limits.GetProperty("tier").GetString().Should().Be("FREE");
    }

    [Fact]
    public async Task By_email_resolves_the_user_and_an_unknown_email_is_404()
    {
        var userId = await NewAccountAsync();

        var limits = await GetRateLimitAsync(_admin, $"email={userId}@example.com");
        var unknown = await _admin.GetAsync("/api/copilot/admin/rate_limit?email=nobody-here@example.com");

        limits.GetProperty("user_id").GetString().Should().Be(userId);
        limits.GetProperty("daily_cost_limit_microdollars").GetInt64().Should().Be(UsageFixture.DailyLimit);
        await ShouldBeProblemAsync(unknown, HttpStatusCode.NotFound, "No user found with the provided email.");
    }

    [Fact]
    public async Task Neither_user_id_nor_email_is_400()
    {
        await ShouldBeProblemAsync(await _admin.GetAsync("/api/copilot/admin/rate_limit"), HttpStatusCode.BadRequest,
            "Either user_id or email query parameter is required.");
    }

    [Theory]
    [InlineData(false, 0, 3_000_000)]
    [InlineData(true, 0, 0)]
    public async Task Reset_clears_the_day_and_optionally_the_week(bool resetWeekly, long daily, long weekly)
    {
        var userId = await NewAccountAsync();

        var response = await _admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/reset", new { user_id = userId, reset_weekly = resetWeekly });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var limits = await response.Content.ReadFromJsonAsync<JsonElement>();
        limits.GetProperty("daily_cost_used_microdollars").GetInt64().Should().Be(daily);
        limits.GetProperty("weekly_cost_used_microdollars").GetInt64().Should().Be(weekly);
    }

    [Fact]
    public async Task Setting_the_tier_changes_the_limits_at_once()
    {
        var userId = await NewAccountAsync(daily: UsageFixture.DailyLimit, weekly: UsageFixture.DailyLimit);
        using var internalClient = fixture.InternalClient();
        (await internalClient.GetFromJsonAsync<JsonElement>($"/internal/usage/{userId}/admission")).GetProperty("allowed").GetBoolean().Should().BeFalse();

        var set = await _admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/tier", new { user_id = userId, tier = "PRO" });

        set.StatusCode.Should().Be(HttpStatusCode.OK);
        (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tier").GetString().Should().Be("PRO");
        var tier = await _admin.GetFromJsonAsync<JsonElement>($"/api/copilot/admin/rate_limit/tier?user_id={userId}");
        tier.GetProperty("tier").GetString().Should().Be("PRO");
        (await GetRateLimitAsync(_admin, $"user_id={userId}")).GetProperty("daily_cost_limit_microdollars").GetInt64().Should().Be(5 * UsageFixture.DailyLimit);
        (await internalClient.GetFromJsonAsync<JsonElement>($"/internal/usage/{userId}/admission")).GetProperty("allowed").GetBoolean().Should().BeTrue();
        fixture.Billing.Accounts[userId].Tier.Should().Be(SubscriptionTier.Pro, "billing holds the canonical tier");
    }

    [Fact]
    public async Task A_tier_change_billing_does_not_confirm_is_503_and_changes_nothing()
    {
        var userId = await NewAccountAsync();
        fixture.Billing.UnansweredTierChanges[userId] = true;

        var set = await _admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/tier", new { user_id = userId, tier = "BUSINESS" });

        await ShouldBeProblemAsync(set, HttpStatusCode.ServiceUnavailable,
            "Failed to set tier: billing did not confirm the change in time. It may still take effect shortly; check the tier before retrying (a repeat is safe).");
        (await fixture.Db.KeyExistsAsync($"copilot:tier:{userId}")).Should().BeFalse("usage writes the tier only once billing confirmed it");
        var limits = await GetRateLimitAsync(_admin, $"user_id={userId}");
        limits.GetProperty("tier").GetString().Should().Be("FREE");
        limits.GetProperty("daily_cost_limit_microdollars").GetInt64().Should().Be(UsageFixture.DailyLimit);
    }

    [Fact]
    public async Task Setting_the_tier_of_an_unknown_user_is_404_and_a_bad_tier_is_400()
    {
        var missing = await _admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/tier", new { user_id = "no-such-user-anywhere", tier = "PRO" });
        var badTier = await _admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/tier", new { user_id = "u", tier = "GOLD" });
        var numericTier = await _admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/tier", new { user_id = "u", tier = 2 });

        await ShouldBeProblemAsync(missing, HttpStatusCode.NotFound, "User no-such-user-anywhere not found");
        badTier.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badTier.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        numericTier.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_limit_override_replaces_the_tier_scaled_limit_until_cleared()
    {
        var userId = await NewAccountAsync();

        var set = await _admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/limits",
            new { user_id = userId, daily_cost_limit_microdollars = 400_000, weekly_cost_limit_microdollars = (long?)null });
        var cleared = await _admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/limits", new { user_id = userId });
        var negative = await _admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/limits", new { user_id = userId, daily_cost_limit_microdollars = -1 });

        (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("daily_cost_limit_microdollars").GetInt64().Should().Be(400_000);
        (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("daily_cost_limit_microdollars").GetInt64().Should().Be(UsageFixture.DailyLimit);
        negative.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Search_finds_accounts_through_billing_and_caps_the_limit_at_50()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        fixture.Billing.AddAccount($"search-{tag}-a", $"a-{tag}@example.com");
        fixture.Billing.AddAccount($"search-{tag}-b", $"b-{tag}@example.com");

        var found = await _admin.GetFromJsonAsync<JsonElement>($"/api/copilot/admin/rate_limit/search_users?query={tag}&limit=500");
        var missingQuery = await _admin.GetAsync("/api/copilot/admin/rate_limit/search_users");

        found.EnumerateArray().Select(u => u.GetProperty("user_id").GetString()).Should().Equal($"search-{tag}-a", $"search-{tag}-b");
        found[0].GetProperty("user_email").GetString().Should().Be($"a-{tag}@example.com");
        fixture.Billing.Searches.Should().Contain(s => s.Query == tag && s.Limit == 50);
        missingQuery.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Admin_routes_require_the_admin_role()
    {
        using var user = fixture.UserClient(UsageFixture.NewUserId());

        (await user.GetAsync("/api/copilot/admin/rate_limit?user_id=x")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        var response = await _admin.PostAsync("/api/copilot/admin/rate_limit/reset",
            new StringContent("{\"user_id\":", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Be(detail);
    }
}
