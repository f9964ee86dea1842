using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Copilot.ServiceDefaults.Telemetry;

/// <summary>
/// Running totals of the service meter's instruments, read in-process with a <see cref="MeterListener"/> — the same
/// measurements OpenTelemetry exports, so the AppHost dashboard can poll them without an OTLP pipeline. Counters and
/// up-down counters are summed per tag set; histograms keep count, sum and max. Meant for low-rate instruments
/// (requests, turns, tool calls), not per-chunk ones.
/// </summary>
public sealed class MetricsSnapshot : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Tags), Aggregate> _points = new();

    public MetricsSnapshot(ServiceMeter meter)
    {
        Service = meter.Name;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == meter.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string Service { get; }

    public MetricsSnapshotDocument Read()
    {
        // Observable instruments report only when asked; their points are the latest value, not a running sum.
        foreach (var key in _points.Keys.Where(key => key.Instrument.IsObservable))
        {
            _points.TryRemove(key, out _);
        }

        _listener.RecordObservableInstruments();
        var instruments = _points
            .GroupBy(point => point.Key.Instrument)
            .Select(group => new InstrumentSnapshot(
                group.Key.Name,
                KindOf(group.Key),
                group.Key.Unit,
                group.Select(point => point.Value.ToPoint(point.Key.Tags)).OrderBy(point => point.Tags.Count).ToList()))
            .OrderBy(instrument => instrument.Name, StringComparer.Ordinal)
            .ToList();
        return new MetricsSnapshotDocument(Service, Environment.GetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES"), instruments);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var aggregate = _points.GetOrAdd((instrument, TagKey(tags)), static key => new Aggregate(key.Instrument is Histogram<double> or Histogram<long> or Histogram<int>));
        aggregate.Add(value, instrument.IsObservable);
    }

    /// <summary>Tags as a stable, parseable key: <c>a=1\nb=2</c>, sorted by name.</summary>
    private static string TagKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, (left, right) => string.CompareOrdinal(left.Key, right.Key));
        var key = new StringBuilder();
        foreach (var (name, value) in sorted)
        {
            key.Append(name).Append('=').Append(value).Append('\n');
        }

        return key.ToString();
    }

    private static string KindOf(Instrument instrument) => instrument switch
    {
        Histogram<double> or Histogram<long> or Histogram<int> => "histogram",
        UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> or ObservableUpDownCounter<long> or ObservableUpDownCounter<int> => "updowncounter",
        ObservableGauge<long> or ObservableGauge<int> or ObservableGauge<double> or Gauge<long> or Gauge<int> or Gauge<double> => "gauge",
        _ => "counter",
    };

    private sealed class Aggregate(bool isHistogram)
    {
        private readonly Lock _gate = new();
        private double _sum;
        private long _count;
        private double _max = double.MinValue;

        public void Add(double value, bool replace)
        {
            lock (_gate)
            {
                _sum = replace ? value : _sum + value;
                _count++;
                _max = Math.Max(_max, value);
            }
        }

        public MetricPoint ToPoint(string tagKey)
        {
            var tags = tagKey.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            lock (_gate)
            {
                return isHistogram
                    ? new MetricPoint(tags, Value: null, _count, _sum, _max)
                    : new MetricPoint(tags, _sum, Count: null, Sum: null, Max: null);
            }
        }
    }
}

/// <summary>What <c>GET /internal/metrics</c> answers.</summary>
/// <param name="Instance">The process's <c>OTEL_RESOURCE_ATTRIBUTES</c> (<c>service.instance.id=…</c>), to tell replicas apart.</param>
public sealed record MetricsSnapshotDocument(string Service, string? Instance, IReadOnlyList<InstrumentSnapshot> Instruments);

/// <param name="Kind"><c>counter</c>, <c>updowncounter</c>, <c>gauge</c> or <c>histogram</c>.</param>
public sealed record InstrumentSnapshot(string Name, string Kind, string? Unit, IReadOnlyList<MetricPoint> Points);

/// <summary><see cref="Value"/> for sums and gauges; <see cref="Count"/>, <see cref="Sum"/> and <see cref="Max"/> for histograms.</summary>
public sealed record MetricPoint(IReadOnlyDictionary<string, string> Tags, double? Value, long? Count, double? Sum, double? Max);
