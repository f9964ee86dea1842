using Copilot.Contracts;
using Copilot.Usage.Limits;
using Copilot.Usage.Redis;
using Copilot.Usage.Reset;
using Copilot.Usage.UnitTests.Support;

namespace Copilot.Usage.UnitTests.Reset;

/// <summary>The seed's <c>POST /usage/reset</c> ladder (part3 §1.7) with billing and Redis replaced by fakes.</summary>
public sealed class PaidResetServiceTests
{
    private readonly Services _services = new();

    public PaidResetServiceTests() =>
        _services.Store.State = new UserUsageState(10_000_000, 20_000_000, SubscriptionTier.Free, LimitOverrides.None);

    private Task<ResetOutcome> ResetAsync() => _services.Reset().ResetAsync("u1", CancellationToken.None);

    [Fact]
    public async Task Happy_path_charges_resets_counts_and_returns_fresh_usage()
    {
        var outcome = await ResetAsync();

        outcome.StatusCode.Should().Be(200);
        outcome.Response!.Success.Should().BeTrue();
        outcome.Response.CreditsCharged.Should().Be(500);
        outcome.Response.RemainingBalance.Should().Be(500);
        outcome.Response.Usage.Daily!.PercentUsed.Should().Be(0);
        _services.Billing.Spends.Should().ContainSingle().Which.Reason.Should().Be("CoPilot daily rate limit reset");
        _services.Store.DailyResets.Should().Equal(("u1", 10_000_000L));
        _services.Store.ResetCountIncrements.Should().Be(1);
        _services.Store.LockReleases.Should().Be(1);
    }

    [Fact]
    public async Task A_zero_reset_cost_means_not_available()
    {
        _services.Options.RateLimitResetCostCents = 0;

        await ShouldRefuse(400, "Rate limit reset is not available.");
    }

    [Fact]
    public async Task Disabled_credits_refuse_with_400()
    {
        _services.Options.EnableCredit = false;

        await ShouldRefuse(400, "Rate limit reset is not available (credit system is disabled).");
    }

    [Fact]
    public async Task No_daily_limit_means_nothing_to_reset()
    {
        _services.Store.State = _services.Store.State with { Overrides = new LimitOverrides(0, null) };

        await ShouldRefuse(400, "No daily limit is configured — nothing to reset.");
    }

    [Fact]
    public async Task An_unreadable_reset_count_fails_closed_with_503()
    {
        _services.Store.ResetCount = null;

        await ShouldRefuse(503, "Unable to verify reset eligibility — please try again later.");
    }

    [Fact]
    public async Task The_daily_reset_cap_gives_429()
    {
        _services.Store.ResetCount = 5;

        await ShouldRefuse(429, "You've used all 5 resets for today.");
    }

    [Fact]
    public async Task A_reset_in_progress_gives_429()
    {
        _services.Store.LockAvailable = false;

        await ShouldRefuse(429, "A reset is already in progress. Please try again.");
    }

    [Fact]
    public async Task Not_reaching_the_daily_limit_refuses_and_releases_the_lock()
    {
        _services.Store.State = _services.Store.State with { DailyUsed = 9_999_999 };

        await ShouldRefuse(400, "You have not reached your daily limit yet.");
        _services.Store.LockReleases.Should().Be(1);
    }

    [Fact]
    public async Task A_redis_failure_rereading_usage_under_the_lock_answers_503_and_charges_nothing()
    {
        _services.Store.ReadsBeforeFailing = 1;

        await ShouldRefuse(503, "Unable to verify reset eligibility — please try again later.");
        _services.Billing.Spends.Should().BeEmpty();
        _services.Store.LockReleases.Should().Be(1);
    }

    [Fact]
    public async Task The_reset_lock_outlasts_a_spend_and_a_refund_that_both_run_to_the_billing_timeout()
    {
        _services.Options.BillingTimeout = TimeSpan.FromSeconds(20);

        await ResetAsync();

        _services.Store.LockTtl.Should().BeGreaterThan(2 * _services.Options.BillingTimeout + _services.Options.TierLookupTimeout);
    }

    [Fact]
    public async Task A_reached_weekly_limit_refuses_because_resetting_the_day_would_not_help()
    {
        _services.Store.State = _services.Store.State with { WeeklyUsed = 50_000_000 };

        await ShouldRefuse(400, "Your weekly limit is also reached. Resetting the daily limit won't help.");
        _services.Store.LockReleases.Should().Be(1);
    }

    [Fact]
    public async Task Insufficient_credits_give_402_and_release_the_lock()
    {
        _services.Billing.BalanceCents = 499;

        await ShouldRefuse(402, "Insufficient credits to reset your rate limit.");
        _services.Store.LockReleases.Should().Be(1);
        _services.Store.DailyResets.Should().BeEmpty();
    }

    [Fact]
    public async Task Billing_not_answering_the_charge_gives_503_without_resetting()
    {
        _services.Billing.SpendUnavailable = true;

        await ShouldRefuse(503, "Unable to charge credits for the reset — please try again later.");
        _services.Store.DailyResets.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failed_redis_reset_is_refunded()
    {
        _services.Store.ResetFails = true;

        await ShouldRefuse(503, "Rate limit reset failed — please try again later. Your credits have not been charged.");
        _services.Billing.BalanceCents.Should().Be(1_000);
        _services.Billing.Refunds.Should().ContainSingle().Which.IdempotencyKey.Should().Be(_services.Billing.Spends[0].IdempotencyKey + ":refund");
        _services.Store.ResetCountIncrements.Should().Be(0);
        _services.Store.LockReleases.Should().Be(1);
    }

    [Fact]
    public async Task A_failed_refund_tells_the_user_to_contact_support()
    {
        _services.Store.ResetFails = true;
        _services.Billing.RefundFails = true;

        await ShouldRefuse(503, "Rate limit reset failed and the automatic refund also failed. Please contact support for assistance.");
    }

    [Fact]
    public async Task Each_attempt_uses_its_own_idempotency_key()
    {
        await ResetAsync();
        _services.Store.State = _services.Store.State with { DailyUsed = 10_000_000 };
        await ResetAsync();

        _services.Billing.Spends.Select(s => s.IdempotencyKey).Should().OnlyHaveUniqueItems().And.HaveCount(2);
    }

    private async Task ShouldRefuse(int statusCode, string detail)
    {
        var outcome = await ResetAsync();

        outcome.Response.Should().BeNull();
        outcome.StatusCode.Should().Be(statusCode);
        outcome.Detail.Should().Be(detail);
    }
}
