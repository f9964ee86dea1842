using System.Globalization;

namespace Copilot.Usage.UnitTests.Support;

/// <summary>A clock stopped at one instant, so window boundaries can be tested exactly.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public static FixedTime At(string iso) => new(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture));
}
