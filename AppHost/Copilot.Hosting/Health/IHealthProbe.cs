namespace Copilot.Hosting.Health;

public sealed record HealthProbeResult(bool IsHealthy, string Description)
{
    public static HealthProbeResult Healthy(string description = "ok") => new(true, description);

    public static HealthProbeResult Unhealthy(string description) => new(false, description);
}

/// <summary>A real readiness check against a running resource; implementations never throw for an unhealthy target.</summary>
public interface IHealthProbe
{
    Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken);
}
