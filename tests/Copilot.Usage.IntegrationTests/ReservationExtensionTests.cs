using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Contracts;
using Copilot.Testing;
using Copilot.Usage.IntegrationTests.Support;

namespace Copilot.Usage.IntegrationTests;

/// <summary>
/// The check before each model round of a running turn (<c>POST /internal/usage/{user}/reservations/{turn}/extend</c>):
/// the turn's new calls are charged, then it goes on, re-reserves, or is refused.
/// </summary>
[Collection(UsageCollection.Name)]
public sealed class ReservationExtensionTests(UsageFixture fixture) : IDisposable
{
    private readonly HttpClient _internal = fixture.InternalClient();

    public void Dispose() => _internal.Dispose();

    private async Task AdmitAsync(string userId, Guid turnId)
    {
        var admission = await _internal.GetFromJsonAsync<JsonElement>($"/internal/usage/{userId}/admission?turn_id={turnId}");
        admission.GetProperty("allowed").GetBoolean().Should().BeTrue();
    }

    private async Task<JsonElement> ExtendAsync(string userId, Guid turnId, params (Guid UsageId, long Cost)[] charges)
    {
        var response = await _internal.PostAsJsonAsync($"/internal/usage/{userId}/reservations/{turnId}/extend",
            new { charges = charges.Select(charge => new { usageId = charge.UsageId, costMicrodollars = charge.Cost }) });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string?> ReservationAsync(string userId, Guid turnId) =>
        await fixture.Db.HashGetAsync(UsageFixture.ReservedKey(userId), turnId.ToString());

    [Fact]
    public async Task A_round_within_the_turns_reservation_goes_on_and_its_calls_are_charged_once_with_the_bus_message()
    {
        var userId = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();
        await AdmitAsync(userId, turnId);
        var call = Guid.NewGuid();

        var verdict = await ExtendAsync(userId, turnId, (call, 30_000));

        verdict.GetProperty("allowed").GetBoolean().Should().BeTrue();
        (await fixture.GetLongAsync(UsageFixture.DailyKey(userId))).Should().Be(30_000);
        (await ReservationAsync(userId, turnId)).Should().StartWith("70000:");

        // The same call arriving over the bus is not counted again; a later one is.
        await fixture.Bus.Publish(new LlmUsageRecorded(call, userId, Guid.NewGuid(), turnId, "m", TokenUsage.None, 30_000, DateTimeOffset.UtcNow));
        await fixture.Bus.Publish(new LlmUsageRecorded(Guid.NewGuid(), userId, Guid.NewGuid(), turnId, "m", TokenUsage.None, 5_000, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await fixture.GetLongAsync(UsageFixture.DailyKey(userId)) == 35_000, UsageFixture.Patience, "only the new call is added");
        // The duplicate leaves no trace to wait for, and messages are consumed concurrently: watch the counter a while.
        await Consistently.HoldsAsync(async () => (await fixture.GetLongAsync(UsageFixture.DailyKey(userId))).Should().Be(35_000, "the bus copy is not counted again"),
            TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_turn_that_outspent_its_reservation_against_a_nearly_exhausted_limit_is_stopped()
    {
        var userId = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit - 150_000, 0);
        await AdmitAsync(userId, turnId);

        var verdict = await ExtendAsync(userId, turnId, (Guid.NewGuid(), 200_000));

        verdict.GetProperty("allowed").GetBoolean().Should().BeFalse();
        verdict.GetProperty("window").GetString().Should().Be("daily");
        verdict.GetProperty("detail").GetString().Should().StartWith("You've reached your daily usage limit. Resets in ");
        (await fixture.GetLongAsync(UsageFixture.DailyKey(userId))).Should().Be(UsageFixture.DailyLimit + 50_000);
    }

    [Fact]
    public async Task A_turn_still_holding_reservation_is_stopped_once_its_spend_reaches_the_limit()
    {
        // Issue 14: a turn admitted at 95 % reserved a 10 % estimate; honouring that reservation past the limit let
        // the turn go on to ~105 % and beyond.
        var userId = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit - 50_000, 0);
        await AdmitAsync(userId, turnId);

        var verdict = await ExtendAsync(userId, turnId, (Guid.NewGuid(), 60_000));

        (await ReservationAsync(userId, turnId)).Should().StartWith("40000:", "the turn still holds part of its estimate");
        verdict.GetProperty("allowed").GetBoolean().Should().BeFalse();
        verdict.GetProperty("detail").GetString().Should().StartWith("You've reached your daily usage limit. Resets in ");
    }

    [Fact]
    public async Task An_allowed_round_is_told_what_the_turn_may_still_spend_in_its_tightest_window()
    {
        var userId = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit - 300_000, UsageFixture.WeeklyLimit - 200_000);
        await AdmitAsync(userId, turnId);
        await AdmitAsync(userId, Guid.NewGuid());

        var verdict = await ExtendAsync(userId, turnId, (Guid.NewGuid(), 10_000));

        // Weekly is tighter (190 000 left against 290 000 today), and the other running turn holds 100 000 of it; this
        // turn's own reservation is part of what it may spend.
        verdict.GetProperty("allowed").GetBoolean().Should().BeTrue();
        verdict.GetProperty("remainingMicrodollars").GetInt64().Should().Be(90_000);
    }

    [Fact]
    public async Task A_round_of_an_unlimited_user_is_told_no_remaining_budget()
    {
        var userId = UsageFixture.NewUserId();
        await fixture.Db.HashSetAsync($"copilot:limits:{userId}", [new("daily", 0), new("weekly", 0)]);

        var verdict = await ExtendAsync(userId, Guid.NewGuid());

        verdict.GetProperty("allowed").GetBoolean().Should().BeTrue();
        verdict.GetProperty("remainingMicrodollars").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_turn_that_spent_its_reservation_re_reserves_an_estimate_while_the_limit_allows()
    {
        var userId = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();
        await AdmitAsync(userId, turnId);

        var verdict = await ExtendAsync(userId, turnId, (Guid.NewGuid(), 120_000));

        verdict.GetProperty("allowed").GetBoolean().Should().BeTrue();
        (await ReservationAsync(userId, turnId)).Should().StartWith($"{UsageFixture.TurnEstimate}:");
    }

    [Fact]
    public async Task A_turn_that_spent_its_reservation_is_refused_while_other_turns_hold_the_rest()
    {
        var userId = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();
        await fixture.SetUsedAsync(userId, UsageFixture.DailyLimit - 250_000, 0);
        await AdmitAsync(userId, turnId);
        await AdmitAsync(userId, Guid.NewGuid());

        // 750k + 100k spent = 850k; the other turn's 100k makes 950k < 1M: one more estimate is allowed…
        (await ExtendAsync(userId, turnId, (Guid.NewGuid(), 100_000))).GetProperty("allowed").GetBoolean().Should().BeTrue();
        // …but after spending that too, 950k + 100k held by the other turn reach the limit.
        var verdict = await ExtendAsync(userId, turnId, (Guid.NewGuid(), 100_000));

        verdict.GetProperty("allowed").GetBoolean().Should().BeFalse();
        verdict.GetProperty("reserved").GetBoolean().Should().BeTrue();
        verdict.GetProperty("detail").GetString().Should().StartWith("Your remaining daily usage is reserved by a response that is still running.");
        (await ReservationAsync(userId, turnId)).Should().StartWith("0:", "a refused turn reserves nothing more");
    }

    [Fact]
    public async Task A_turn_no_starter_admitted_is_admitted_by_its_first_check()
    {
        var capped = UsageFixture.NewUserId();
        await fixture.SetUsedAsync(capped, UsageFixture.DailyLimit, 0);
        var free = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();

        (await ExtendAsync(capped, Guid.NewGuid())).GetProperty("allowed").GetBoolean().Should().BeFalse();
        (await ExtendAsync(free, turnId)).GetProperty("allowed").GetBoolean().Should().BeTrue();
        (await ReservationAsync(free, turnId)).Should().StartWith($"{UsageFixture.TurnEstimate}:");
    }

    [Fact]
    public async Task A_completed_turn_releases_what_a_re_reservation_added()
    {
        var userId = UsageFixture.NewUserId();
        var turnId = Guid.NewGuid();
        await AdmitAsync(userId, turnId);
        await ExtendAsync(userId, turnId, (Guid.NewGuid(), 150_000));

        await fixture.Bus.Publish(new CopilotTurnCompleted(Guid.NewGuid(), turnId, userId, TurnOutcome.Failed, "", [], TokenUsage.None,
            0, TimeSpan.FromSeconds(1), "Cancelled"));

        await Eventually.TrueAsync(async () => await ReservationAsync(userId, turnId) is null, UsageFixture.Patience, "the reservation is released");
    }

    [Theory]
    [InlineData("""{"charges":[{"usageId":"6f1c9a0e-0000-4000-8000-000000000001","costMicrodollars":-5}]}""")]
    [InlineData("""{"charges":[{"costMicrodollars":5}]}""")]
    [InlineData("""{"charges":[null]}""")]
    [InlineData("""{"charges":""")]
    public async Task A_malformed_body_is_a_400_problem(string body)
    {
        var response = await _internal.PostAsync($"/internal/usage/{UsageFixture.NewUserId()}/reservations/{Guid.NewGuid()}/extend",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task More_charges_than_a_round_can_make_are_a_400_problem()
    {
        var userId = UsageFixture.NewUserId();
        var response = await _internal.PostAsJsonAsync($"/internal/usage/{userId}/reservations/{Guid.NewGuid()}/extend",
            new { charges = Enumerable.Range(0, 101).Select(_ => new { usageId = Guid.NewGuid(), costMicrodollars = 1 }) });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await fixture.GetLongAsync(UsageFixture.DailyKey(userId))).Should().Be(0);
    }
}
