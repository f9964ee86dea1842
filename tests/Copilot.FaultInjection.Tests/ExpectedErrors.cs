namespace Copilot.FaultInjection.Tests;

/// <summary>The error texts a user sees when a turn is lost to a fault (the executor's wording, not referenced as code).</summary>
internal static class ExpectedErrors
{
    /// <summary>A redelivered turn whose first worker died mid-turn.</summary>
    public const string WorkerStopped = "The worker running this turn stopped unexpectedly. Please send your message again.";

    /// <summary>The stuck-turn watchdog ended a silent turn.</summary>
    public const string TimedOut = "This turn stopped responding and was ended. Please try again.";

    public static readonly string[] LostWorker = [WorkerStopped, TimedOut];
}
