using Copilot.Usage.BillingClient;
using Copilot.Usage.Redis;
using Copilot.Usage.Status;

namespace Copilot.Usage.Apis;

/// <summary>The services admin endpoints share, bound with <c>[AsParameters]</c>.</summary>
public sealed class AdminServices(
    UsageStatusService status,
    AccountSettingsStore settings,
    IBilling billing,
    TimeProvider time,
    ILogger<AdminServices> logger)
{
    public UsageStatusService Status { get; } = status;

    public AccountSettingsStore Settings { get; } = settings;

    public IBilling Billing { get; } = billing;

    public TimeProvider Time { get; } = time;

    public ILogger<AdminServices> Logger { get; } = logger;
}

/// <summary>Audit trail of admin changes, with who was changed.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Admin reset usage of user {UserId} (weekly too: {ResetWeekly})")]
    public static partial void UsageReset(this ILogger logger, string userId, bool resetWeekly);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin set tier {Tier} for user {UserId}")]
    public static partial void TierSet(this ILogger logger, string userId, string tier);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Admin set limit overrides for user {UserId}: daily {DailyMicrodollars}, weekly {WeeklyMicrodollars}")]
    public static partial void LimitsSet(this ILogger logger, string userId, long? dailyMicrodollars, long? weeklyMicrodollars);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Billing set the admin's tier for user {UserId} but Redis is unavailable; the limits follow billing's tier-change event")]
    public static partial void TierNotCached(this ILogger logger, Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin change to user {UserId} failed: Redis unavailable")]
    public static partial void ChangeFailed(this ILogger logger, Exception exception, string userId);
}
