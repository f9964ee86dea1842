using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Copilot.Bench.Client;
using Copilot.Bench.Measure;
using Copilot.Bench.Report;

namespace Copilot.Bench.Scenarios;

/// <summary>
/// Capacity of one gateway + one chat-api for open but idle SSE streams: a few sessions each run a turn paused inside
/// the model call (<c>[sim:hang]</c>), and thousands of clients re-attach to them with <c>GET /stream</c> and stay.
/// Measures memory per stream, the CPU cost of holding them, and how fast the end of a turn reaches all of them.
/// </summary>
public static class IdleStreamsScenario
{
    private const string PausedTurn = "bench idle [sim:hang]";
    private const int AttachParallelism = 64;

    /// <summary>Descriptors a process needs besides the streams (listeners, Redis, RabbitMQ, PostgreSQL, logs).</summary>
    private const int DescriptorReserve = 300;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>Attaching stops here even short of the target, so a slow system still ends the run in bounded time.</summary>
    private static readonly TimeSpan AttachBudget = TimeSpan.FromMinutes(6);

    public static async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        await context.WarmUpAsync(cancellationToken);
        var gateway = context.Target.Gateway;
        var monitor = context.Target.Monitor;
        var (cap, capReason) = Capacity(monitor, options.IdleStreams);
        var sessions = await context.CreateSessionsAsync(options.IdleSessions, cancellationToken);

        Console.WriteLine($"idle: pausing {sessions.Count} turns, then attaching {cap} streams");
        var starters = await Task.WhenAll(sessions.Select(session => StartPausedTurnAsync(gateway, session.User, session.Session, cancellationToken)));
        await Task.Delay(Settle, cancellationToken);
        var before = Memory(monitor);

        var streams = new ConcurrentBag<IdleStream>();
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var attachLatency = new ConcurrentBag<double>();
        var attaching = Stopwatch.StartNew();
        var skipped = 0;
        await Parallel.ForAsync(0, cap, new ParallelOptions { MaxDegreeOfParallelism = AttachParallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                if (attaching.Elapsed > AttachBudget)
                {
                    Interlocked.Increment(ref skipped);
                    return;
                }

                var (user, session) = sessions[index % sessions.Count];
                var sent = Clock.NowMicroseconds();
                try
                {
                    var stream = await IdleStream.OpenAsync((onEvent, read) => gateway.FollowAsync(user, session, null, null, onEvent, null, read), token);
                    attachLatency.Add((stream.FirstEventUs - sent) / 1000.0);
                    streams.Add(stream);
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or TimeoutException
                    or OperationCanceledException)
                {
                    errors.AddOrUpdate(exception.Message, 1, (_, count) => count + 1);
                }
            });

        var attachTime = attaching.Elapsed;
        Console.WriteLine($"idle: {streams.Count} streams attached ({errors.Values.Sum()} failed); holding {options.IdleHold.TotalSeconds:0} s");
        await Task.Delay(Settle, cancellationToken);
        var attached = Memory(monitor);
        monitor.Begin();
        await Task.Delay(options.IdleHold, cancellationToken);
        var hold = monitor.End();
        var stillOpen = streams.Count(stream => !stream.Reading.IsCompleted);

        Console.WriteLine("idle: cancelling the paused turns; every stream must receive the end");
        var cancelled = Clock.NowMicroseconds();
        await Task.WhenAll(sessions.Select(session => gateway.CancelAsync(session.User, session.Session, cancellationToken)));
        await Task.WhenAny(Task.WhenAll(streams.Select(stream => stream.Reading)), Task.Delay(BenchContext.TurnTimeout, cancellationToken));
        var endLatency = new Distribution(streams.Where(stream => stream.EndedUs > 0).Select(stream => (stream.EndedUs - cancelled) / 1000.0));
        var fanOut = new Distribution(streams.Where(stream => stream.EndedUs > 0 && stream.LastStoredAt is not null)
            .Select(stream => (stream.EndedUs - stream.LastStoredAt!.Value.MidpointUs) / 1000.0));
        var ended = endLatency.Count;
        foreach (var stream in streams.Concat(starters))
        {
            stream.Dispose();
        }

        var report = new ScenarioReport("idle", "idle streams — open SSE streams held by one gateway and one chat-api");
        report.Paragraph($"{sessions.Count} sessions each run a turn paused inside the model call (`{PausedTurn}`); clients re-attach to them " +
            $"with `GET /stream` ({AttachParallelism} at a time) and stay idle, receiving only the 10 s heartbeat, for {options.IdleHold.TotalSeconds:0} s; " +
            $"then the turns are cancelled and every stream must receive the end. Requested {options.IdleStreams} streams; {capReason}");
        var memoryRows = before.Keys.Select(name => (IReadOnlyList<string>)
        [
            name, Tables.Number(before[name]), Tables.Number(attached[name]),
            streams.IsEmpty ? "—" : ((attached[name] - before[name]) * 1024 / streams.Count).ToString("0.0", CultureInfo.InvariantCulture),
        ]);
        report.Table("Streams", ["metric", "target", "measured"],
        [
            ["streams attached (one gateway, one chat-api)", "10 000", $"{streams.Count} of {cap - skipped} tried" +
                (skipped > 0 ? $" ({skipped} not tried: attaching exceeded its {AttachBudget.TotalMinutes:0} min budget)" : "")],
            ["time to attach them all (s)", "", attachTime.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)],
            ["attach failures", "0", errors.IsEmpty ? "0" : string.Join("; ", errors.Select(error => $"{error.Value} × `{error.Key}`"))],
            ["still open after the hold", "all", stillOpen.ToString(CultureInfo.InvariantCulture)],
            ["attach: GET sent → first replayed chunk p50 / p99 (ms)", "", $"{Tables.Ms(Percentile(attachLatency, 50))} / {Tables.Ms(Percentile(attachLatency, 99))}"],
            ["end of turn reached the stream", "all", $"{ended} of {streams.Count}"],
            ["cancel sent → end received p50 / p99 / max (ms)", "", $"{Tables.Ms(endLatency.Percentile(50))} / {Tables.Ms(endLatency.Percentile(99))} / {Tables.Ms(endLatency.Max)}"],
            ["fan-out: `finish` stored in Redis → end received p50 / p99 / max (ms)", "", $"{Tables.Ms(fanOut.Percentile(50))} / {Tables.Ms(fanOut.Percentile(99))} / {Tables.Ms(fanOut.Max)}"],
        ]);
        report.Table("Memory per stream", ["process", "before, MiB", "with the streams, MiB", "KiB per stream"], memoryRows);
        // No turn completes and no delta flows while the streams are held: the table shows what holding them costs.
        var cost = CpuCost.Of(hold, 0, 0);
        Tables.Cost(report, "CPU while holding the idle streams", cost);
        Tables.Processes(report, "Processes while holding the idle streams", hold);
        report.Summary = new ScenarioSummary { Errors = errors.Values.Sum() };
        return report;
    }

    /// <summary>
    /// How many streams the descriptor limits allow: the gateway holds two per stream over HTTP/1.1 (client and
    /// upstream), chat-api and this client one each.
    /// </summary>
    private static (int Streams, string Reason) Capacity(ProcessMonitor monitor, int requested)
    {
        var limits = monitor.Processes
            .Where(process => process.Name is "gateway" or "bench client" || process.Name.StartsWith("chat-api", StringComparison.Ordinal))
            .Select(process => (process.Name, Limit: ProcFs.OpenFileLimit(process.Pid), PerStream: process.Name == "gateway" ? 2 : 1,
                Open: ProcFs.OpenFiles(process.Pid)))
            .Where(entry => entry.Limit is not null)
            .Select(entry => (entry.Name, entry.Limit, Streams: (entry.Limit!.Value - entry.Open - DescriptorReserve) / entry.PerStream))
            .OrderBy(entry => entry.Streams)
            .ToList();
        if (limits.Count == 0 || limits[0].Streams >= requested)
        {
            return (requested, "no open-file limit stood in the way.");
        }

        var (name, limit, streams) = limits[0];
        return (Math.Max(streams, 0), $"capped at {streams} by the {name}'s open-file limit ({limit}" +
            (name == "gateway" ? ", two descriptors per proxied stream" : "") + ").");
    }

    private static Dictionary<string, double> Memory(ProcessMonitor monitor) =>
        monitor.Processes
            .Where(process => process.Name == "gateway" || process.Name.StartsWith("chat-api", StringComparison.Ordinal))
            .ToDictionary(process => process.Name, process => monitor.MemoryMib(process.Name));

    private static double? Percentile(IEnumerable<double> values, double percent) => new Distribution(values).Percentile(percent);

    /// <summary>Starts a turn that pauses inside the model call; its own stream is held like the others.</summary>
    private static Task<IdleStream> StartPausedTurnAsync(PlatformClient gateway, string user, Guid session, CancellationToken cancellationToken) =>
        IdleStream.OpenAsync((onEvent, read) => gateway.FollowAsync(user, session, PausedTurn, null, onEvent, null, read), cancellationToken);
}
