namespace Copilot.Testing;

/// <summary>Which services a test stack runs.</summary>
public sealed class CopilotStackOptions
{
    public int ChatApiReplicas { get; set; } = 1;

    public int ExecutorReplicas { get; set; } = 1;

    public bool WithGateway { get; set; }

    /// <summary>Without usage, every admission and round check fails open (as it does when usage is down).</summary>
    public bool WithUsage { get; set; } = true;

    /// <summary>Billing (own database, payments off) for credits and tiers; routed by the gateway when both run.</summary>
    public bool WithBilling { get; set; }

    /// <summary>A free port is picked when null; fixed when a service started before the gateway must know its address.</summary>
    public int? GatewayPort { get; set; }

    /// <summary>Extra configuration for every service (e.g. <c>Executor__LockLease</c>).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public Action<string>? Output { get; set; }

    /// <summary>Servers to run on instead of the run's shared ones, e.g. a <see cref="RestartableInfrastructure"/>'s.</summary>
    public SharedInfrastructure? Infrastructure { get; set; }
}
