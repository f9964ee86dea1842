using System.Globalization;

namespace Copilot.Usage.Periods;

public enum LimitWindow
{
    Daily,
    Weekly,
}

/// <summary>The seed's user-facing texts for an exhausted window.</summary>
public static class LimitMessages
{
    public static string Name(LimitWindow window) => window == LimitWindow.Daily ? "daily" : "weekly";

    /// <summary><c>You've reached your {daily|weekly} usage limit. Resets in {time}.</c></summary>
    public static string Exceeded(LimitWindow window, DateTimeOffset resetsAt, DateTimeOffset now) =>
        $"You've reached your {Name(window)} usage limit. Resets in {ResetsIn(resetsAt, now)}.";

    /// <summary>Beyond the seed: the window is not used up, but running turns hold what is left of it.</summary>
    public static string Reserved(LimitWindow window) =>
        $"Your remaining {Name(window)} usage is reserved by a response that is still running. Try again when it finishes.";

    /// <summary><c>now</c> once passed, <c>{h}h {m}m</c> with hours, else <c>{m}m</c> (whole minutes, rounded down).</summary>
    public static string ResetsIn(DateTimeOffset resetsAt, DateTimeOffset now)
    {
        var remaining = resetsAt - now;
        if (remaining <= TimeSpan.Zero)
        {
            return "now";
        }

        var hours = (long)remaining.TotalHours;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}h {remaining.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{remaining.Minutes}m");
    }
}
