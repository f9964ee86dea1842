using System.Diagnostics.Metrics;
using Copilot.ServiceDefaults.Telemetry;
using Copilot.Usage.Client;

namespace Copilot.Usage.Telemetry;

/// <summary>usage's instruments on the service meter (<c>Copilot.Usage</c>).</summary>
public sealed class UsageMetrics(ServiceMeter meter)
{
    private readonly Counter<long> _admissions = meter.Meter.CreateCounter<long>(
        "copilot.usage.admissions", "{decision}",
        "Pre-turn admission checks, by decision (allowed, denied) and, when denied, the window and whether reservations held it.");

    public void Admission(TurnAdmission decision)
    {
        if (decision.Allowed)
        {
            _admissions.Add(1, new KeyValuePair<string, object?>("decision", "allowed"));
            return;
        }

        _admissions.Add(1,
            new KeyValuePair<string, object?>("decision", "denied"),
            new KeyValuePair<string, object?>("window", decision.Window ?? "unknown"),
            new KeyValuePair<string, object?>("cause", decision.Reserved ? "reserved" : "spent"));
    }
}
