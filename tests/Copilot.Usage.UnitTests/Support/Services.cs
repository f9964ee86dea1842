using Copilot.Usage.Limits;
using Copilot.Usage.Reset;
using Copilot.Usage.Status;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Copilot.Usage.UnitTests.Support;

/// <summary>The services under test wired to fakes, as the seed's tests patch the limiter and the credit model.</summary>
public sealed class Services
{
    public FakeUsageStore Store { get; } = new();

    public FakeBilling Billing { get; } = new();

    public FixedTime Time { get; } = FixedTime.At("2026-04-22T10:00:00Z");

    /// <summary>The seed's reset tests' config: reset cost 500, daily 10M, weekly 50M, 5 resets a day.</summary>
    public UsageOptions Options { get; } = new()
    {
        RateLimitResetCostCents = 500,
        DailyCostLimitMicrodollars = 10_000_000,
        WeeklyCostLimitMicrodollars = 50_000_000,
        MaxDailyResets = 5,
    };

    public UsageStatusService Status() =>
        new(Store, Billing, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<UsageStatusService>.Instance);

    public PaidResetService Reset() =>
        new(Store, Billing, Status(), Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<PaidResetService>.Instance);
}
