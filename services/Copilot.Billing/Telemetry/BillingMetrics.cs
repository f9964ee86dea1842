using System.Diagnostics.Metrics;
using Copilot.ServiceDefaults.Telemetry;

namespace Copilot.Billing.Telemetry;

/// <summary>billing's instruments on the service meter (<c>Copilot.Billing</c>).</summary>
public sealed class BillingMetrics(ServiceMeter meter)
{
    private readonly Counter<long> _webhooks = meter.Meter.CreateCounter<long>(
        "copilot.billing.webhooks_processed", "{event}",
        "Stored Stripe events the worker handled, by event type and outcome (processed, failed — a failure is retried).");

    public void WebhookHandled(string eventType, bool succeeded) =>
        _webhooks.Add(1,
            new KeyValuePair<string, object?>("type", eventType),
            new KeyValuePair<string, object?>("outcome", succeeded ? "processed" : "failed"));
}
