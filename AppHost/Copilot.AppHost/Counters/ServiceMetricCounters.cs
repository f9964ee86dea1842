using System.Net.Http.Json;
using Copilot.Hosting.Dashboard.Counters;
using Copilot.Hosting.Resources;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Telemetry;

namespace Copilot.AppHost.Counters;

/// <param name="Reason">The code's declared reason (e.g. <c>anonymous-per-ip</c>, <c>upstream:chat-api</c>) or the endpoint's route.</param>
public sealed record ThrottleCount(string Service, string Reason, long Count);

/// <param name="Errors">Replicas whose snapshot could not be read, with why.</param>
/// <param name="Instruments">The service meter's instruments summed over the reachable replicas.</param>
public sealed record ServiceMetrics(int Replicas, int Reachable, IReadOnlyList<string> Errors, IReadOnlyList<InstrumentSnapshot> Instruments);

/// <param name="Throttled">429 responses by the service that sent them and why; the gateway's <c>upstream:*</c> rows repeat the services' own.</param>
public sealed record ServiceCountersValues(
    IReadOnlyList<ThrottleCount> Throttled,
    IReadOnlyDictionary<string, long> OpenSseStreams,
    long ExecutorActiveTurns,
    IReadOnlyDictionary<string, ServiceMetrics> Services);

/// <summary>
/// The services' own counters, read from every replica's metrics snapshot (<c>/internal/metrics</c>, ServiceDefaults) —
/// the same instruments OpenTelemetry exports. Polling the processes the orchestrator already knows needs no OTLP
/// collector or Prometheus exporter (whose .NET package is still a beta), and a replica that does not answer only
/// lowers its service's <c>reachable</c> count. Counters restart with their process.
/// </summary>
public sealed class ServiceMetricCounters(IReadOnlyList<IResourceWithServiceDiscovery> projects, string internalApiKey) : ICounterSource
{
    public const string ThrottledInstrument = "copilot.http.throttled_responses";
    public const string OpenSseInstrument = "copilot.sse.open_streams";
    public const string ActiveTurnsInstrument = "copilot.executor.active_turns";

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(2) };

    public string Name => "services";

    public async Task<object> ReadAsync(CancellationToken cancellationToken)
    {
        var services = await Task.WhenAll(projects.Select(async project =>
        {
            var replicas = await Task.WhenAll(project.HttpEndpoints.Select(endpoint => ReadReplicaAsync(endpoint, cancellationToken)));
            var snapshots = replicas.Where(replica => replica.Snapshot is not null).Select(replica => replica.Snapshot!).ToList();
            return (project.Name, Metrics: new ServiceMetrics(
                replicas.Length,
                snapshots.Count,
                replicas.Where(replica => replica.Error is not null).Select(replica => replica.Error!).ToList(),
                Sum(snapshots)));
        }));

        var byService = services.ToDictionary(service => service.Name, service => service.Metrics, StringComparer.Ordinal);
        var throttled = byService
            .SelectMany(service => Points(service.Value, ThrottledInstrument)
                .Select(point => new ThrottleCount(service.Key, point.Tags.GetValueOrDefault("reason") ?? "unknown", (long)(point.Value ?? 0))))
            .OrderByDescending(row => row.Count)
            .ToList();
        var openStreams = byService.ToDictionary(
            service => service.Key, service => (long)Points(service.Value, OpenSseInstrument).Sum(point => point.Value ?? 0), StringComparer.Ordinal);
        var activeTurns = (long)byService.Values.SelectMany(service => Points(service, ActiveTurnsInstrument)).Sum(point => point.Value ?? 0);
        return new ServiceCountersValues(throttled, openStreams, activeTurns, byService);
    }

    private async Task<(MetricsSnapshotDocument? Snapshot, string? Error)> ReadReplicaAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, ServiceTelemetryExtensions.MetricsSnapshotPath));
        request.Headers.Add(InternalApiKey.HeaderName, internalApiKey);
        try
        {
            using var response = await Client.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<MetricsSnapshotDocument>(cancellationToken), null)
                : (null, $"{endpoint}: HTTP {(int)response.StatusCode}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"{endpoint}: {exception.Message}");
        }
    }

    private static IEnumerable<MetricPoint> Points(ServiceMetrics service, string instrument) =>
        service.Instruments.Where(candidate => candidate.Name == instrument).SelectMany(candidate => candidate.Points);

    /// <summary>Adds up the replicas' points per instrument and tag set (histograms: counts and sums added, the largest max).</summary>
    private static List<InstrumentSnapshot> Sum(IEnumerable<MetricsSnapshotDocument> snapshots) => snapshots
        .SelectMany(snapshot => snapshot.Instruments)
        .GroupBy(instrument => instrument.Name, StringComparer.Ordinal)
        .Select(group => new InstrumentSnapshot(
            group.Key,
            group.First().Kind,
            group.First().Unit,
            group.SelectMany(instrument => instrument.Points)
                .GroupBy(point => string.Join('\n', point.Tags.OrderBy(tag => tag.Key, StringComparer.Ordinal).Select(tag => $"{tag.Key}={tag.Value}")))
                .Select(points => new MetricPoint(
                    points.First().Tags,
                    points.Any(point => point.Value is not null) ? points.Sum(point => point.Value ?? 0) : null,
                    points.Any(point => point.Count is not null) ? points.Sum(point => point.Count ?? 0) : null,
                    points.Any(point => point.Sum is not null) ? points.Sum(point => point.Sum ?? 0) : null,
                    points.Max(point => point.Max)))
                .ToList()))
        .OrderBy(instrument => instrument.Name, StringComparer.Ordinal)
        .ToList();
}
