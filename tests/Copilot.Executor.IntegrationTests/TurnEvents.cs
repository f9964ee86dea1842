using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

/// <summary>Points in a turn's stream a test waits for before it acts, so its action lands after them.</summary>
internal static class TurnEvents
{
    /// <summary>The turn called the model: it has drained its queue by then, so a message sent now is a follow-up for its next tool boundary or turn.</summary>
    public static bool ModelCalled(SseEvent e) => e.Type == "start-step";
}
