using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Contracts;
using Copilot.Testing;
using Copilot.Usage.IntegrationTests.Support;

namespace Copilot.Usage.IntegrationTests;

/// <summary>The internal pre-turn check chat-api calls (<c>GET /internal/usage/{user}/admission</c>).</summary>
[Collection(UsageCollection.Name)]
public sealed class AdmissionTests(UsageFixture fixture) : IDisposable
{
    private readonly HttpClient _internal = fixture.InternalClient();

    public void Dispose() => _internal.Dispose();

    private async Task<JsonElement> AdmitAsync(string userId, Guid? turnId = null)
    {
        var query = turnId is { } turn ? $"?turn_id={turn}" : "";
        var response = await _internal.GetAsync($"/internal/usage/{userId}/admission{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Under_the_limit_is_allowed_in_the_camel_case_shape_chat_api_reads()
    {
        var admission = await AdmitAsync(UsageFixture.NewUserId());

        admission.GetProperty("allowed").GetBoolean().Should().BeTrue();
        admission.GetProperty("detail").ValueKind.Should().Be(JsonValueKind.Null);
        admission.TryGetProperty("resetsAt", out _).Should().BeTrue();
    }

    [Fact]
    public async Task At_the_daily_limit_the_turn_is_refused_with_the_reset_time()
    {
        var userId = UsageFixture.NewUserId();
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit, UsageFixture.WeeklyLimit);

        var admission = await AdmitAsync(userId, Guid.NewGuid());

        admission.GetProperty("allowed").GetBoolean().Should().BeFalse();
        admission.GetProperty("window").GetString().Should().Be("daily");
        admission.GetProperty("detail").GetString().Should().MatchRegex(@"^You've reached your daily usage limit\. Resets in (\d+h )?\d+m\.$");
        admission.GetProperty("resetsAt").GetDateTimeOffset().Should().Be(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero));
        (await fixture.Db.HashLengthAsync(UsageFixture.ReservedKey(userId))).Should().Be(0);
    }

    [Fact]
    public async Task The_weekly_limit_is_checked_after_the_daily_one()
    {
        var userId = UsageFixture.NewUserId();
        await fixture.SetUsedAsync(userId, 10, UsageFixture.WeeklyLimit);

        var admission = await AdmitAsync(userId);

        admission.GetProperty("allowed").GetBoolean().Should().BeFalse();
        admission.GetProperty("window").GetString().Should().Be("weekly");
        admission.GetProperty("detail").GetString().Should().StartWith("You've reached your weekly usage limit. Resets in ");
    }

    [Theory]
    [InlineData(SubscriptionTier.Pro, 3_000_000, true)] // 3M < 5M
    [InlineData(SubscriptionTier.Free, 1_000_000, false)] // at the limit counts as exceeded
    [InlineData(SubscriptionTier.Enterprise, 59_000_000, true)] // < 60M
    public async Task Tier_limits_are_respected(SubscriptionTier tier, long dailyUsed, bool allowed)
    {
        var userId = UsageFixture.NewUserId();
        await fixture.Bus.Publish(new SubscriptionTierChanged(userId, tier, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await fixture.Db.KeyExistsAsync($"copilot:tier:{userId}"), UsageFixture.Patience, "the tier is stored");
        await fixture.SetUsedAsync(userId, dailyUsed, dailyUsed);

        (await AdmitAsync(userId)).GetProperty("allowed").GetBoolean().Should().Be(allowed);
    }

    [Fact]
    public async Task An_unknown_tier_is_asked_of_billing_before_refusing()
    {
        var userId = UsageFixture.NewUserId();
        fixture.Billing.AddAccount(userId, $"{userId}@example.com", SubscriptionTier.Business);
        await fixture.SetUsedAsync(userId, 2 * UsageFixture.DailyLimit, 2 * UsageFixture.DailyLimit);

        (await AdmitAsync(userId)).GetProperty("allowed").GetBoolean().Should().BeTrue();
        (await fixture.Db.HashGetAsync($"copilot:tier:{userId}", "source")).ToString().Should().Be("lookup");
    }

    [Fact]
    public async Task Concurrent_turns_against_a_nearly_exhausted_limit_cannot_all_pass()
    {
        var userId = UsageFixture.NewUserId();
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit - 50_000, UsageFixture.DailyLimit);

        var admissions = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => AdmitAsync(userId, Guid.NewGuid())));

        admissions.Count(a => a.GetProperty("allowed").GetBoolean()).Should().Be(1);
        admissions.Where(a => !a.GetProperty("allowed").GetBoolean())
            .Should().AllSatisfy(a => a.GetProperty("reserved").GetBoolean().Should().BeTrue());
        (await fixture.Db.HashLengthAsync(UsageFixture.ReservedKey(userId))).Should().Be(1);
    }

    [Fact]
    public async Task A_reservation_is_settled_by_real_costs_and_released_when_the_turn_completes()
    {
        var userId = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit - UsageFixture.TurnEstimate, 0);
        (await AdmitAsync(userId, turnId)).GetProperty("allowed").GetBoolean().Should().BeTrue();
        (await AdmitAsync(userId, turnId)).GetProperty("allowed").GetBoolean().Should().BeTrue("asking again for the same turn is idempotent");
        (await AdmitAsync(userId, Guid.NewGuid())).GetProperty("allowed").GetBoolean().Should().BeFalse("900k used + 100k reserved reach the 1M limit");

        await fixture.Bus.Publish(new LlmUsageRecorded(Guid.NewGuid(), userId, Guid.NewGuid(), turnId, "m", TokenUsage.None, 30_000, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(
            async () => ((string?)await fixture.Db.HashGetAsync(UsageFixture.ReservedKey(userId), turnId.ToString()))?.StartsWith("70000:") == true, UsageFixture.Patience,
            "the reservation shrinks by the real cost");

        await fixture.Bus.Publish(new CopilotTurnCompleted(Guid.NewGuid(), turnId, userId, TurnOutcome.Completed, "", [], TokenUsage.None,
            30_000, TimeSpan.FromSeconds(1), null));
        await Eventually.TrueAsync(async () => !await fixture.Db.HashExistsAsync(UsageFixture.ReservedKey(userId), turnId.ToString()), UsageFixture.Patience,
            "the reservation is released");
        (await AdmitAsync(userId, Guid.NewGuid())).GetProperty("allowed").GetBoolean().Should().BeTrue();
        (await fixture.GetLongAsync($"copilot:cost:turn_estimate:{userId}")).Should().Be(30_000);
    }

    [Fact]
    public async Task An_admitted_turn_that_never_started_can_release_its_reservation()
    {
        var userId = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();
        await AdmitAsync(userId, turnId);

        var response = await _internal.DeleteAsync($"/internal/usage/{userId}/reservations/{turnId}");

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await fixture.Db.HashLengthAsync(UsageFixture.ReservedKey(userId))).Should().Be(0);
    }

    [Fact]
    public async Task A_malformed_turn_id_is_a_400_problem()
    {
        var response = await _internal.GetAsync($"/internal/usage/{UsageFixture.NewUserId()}/admission?turn_id=not-a-guid");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task The_internal_endpoint_requires_the_internal_credential()
    {
        using var user = fixture.UserClient(UsageFixture.NewUserId());
        using var anonymous = new HttpClient { BaseAddress = fixture.Usage.BaseAddress };

        (await anonymous.GetAsync($"/internal/usage/u/admission")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await user.GetAsync($"/internal/usage/u/admission")).StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
    }
}
