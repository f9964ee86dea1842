using System.Diagnostics.Metrics;

namespace Copilot.ServiceDefaults.Telemetry;

/// <summary>
/// The service's own meter, named after its assembly (<c>Copilot.ChatApi</c>, <c>Copilot.Executor</c>, …), with the
/// HTTP instruments every service shares. Service-specific instruments are created on <see cref="Meter"/> too, so
/// one <c>AddMeter</c> exports them.
/// </summary>
public sealed class ServiceMeter
{
    public ServiceMeter(IMeterFactory meters, string name)
    {
        Name = name;
        Meter = meters.Create(name);
        ThrottledResponses = Meter.CreateCounter<long>(
            "copilot.http.throttled_responses", "{response}", "429 responses this process sent, by reason.");
        OpenSseStreams = Meter.CreateUpDownCounter<long>(
            "copilot.sse.open_streams", "{stream}", "Server-sent event responses currently open.");
    }

    public string Name { get; }

    public Meter Meter { get; }

    /// <summary>Tagged <c>reason</c>: what the code declared (<see cref="ThrottleReason"/>), else the endpoint's route.</summary>
    public Counter<long> ThrottledResponses { get; }

    public UpDownCounter<long> OpenSseStreams { get; }
}
