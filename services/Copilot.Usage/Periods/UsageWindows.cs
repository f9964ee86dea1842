using System.Globalization;

namespace Copilot.Usage.Periods;

/// <summary>
/// The fixed windows counters live in: the UTC day (resets at midnight UTC) and the ISO week (resets Monday 00:00 UTC).
/// </summary>
public static class UsageWindows
{
    /// <summary><c>yyyy-MM-dd</c> of the UTC date, as in <c>copilot:cost:daily:{user}:{date}</c>.</summary>
    public static string DayId(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>{iso-year}-W{ww}</c>, e.g. <c>2026-W17</c>; the ISO year differs from the calendar year around New Year.</summary>
    public static string WeekId(DateTimeOffset now)
    {
        var date = now.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    public static DateTimeOffset DailyResetAt(DateTimeOffset now) => StartOfUtcDay(now).AddDays(1);

    /// <summary>Next Monday 00:00 UTC; on a Monday that is a week away, never "now".</summary>
    public static DateTimeOffset WeeklyResetAt(DateTimeOffset now)
    {
        var daysSinceMonday = ((int)now.UtcDateTime.DayOfWeek + 6) % 7;
        return StartOfUtcDay(now).AddDays(7 - daysSinceMonday);
    }

    /// <summary>A counter's TTL: until its window ends, at least one second so EXPIRE never deletes it on the spot.</summary>
    public static TimeSpan UntilDailyReset(DateTimeOffset now) => AtLeastOneSecond(DailyResetAt(now) - now);

    public static TimeSpan UntilWeeklyReset(DateTimeOffset now) => AtLeastOneSecond(WeeklyResetAt(now) - now);

    private static DateTimeOffset StartOfUtcDay(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    private static TimeSpan AtLeastOneSecond(TimeSpan span) =>
        TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(span.TotalSeconds)));
}
