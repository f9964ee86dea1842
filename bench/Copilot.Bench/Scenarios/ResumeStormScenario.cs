using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Copilot.Bench.Client;
using Copilot.Bench.Measure;
using Copilot.Bench.Report;

namespace Copilot.Bench.Scenarios;

/// <summary>
/// Every client of the running turns drops its connection in the same instant and reconnects in the same instant
/// with <c>Last-Event-ID</c> (a network blip, a load balancer restart) — several times per turn. Each turn's chunks,
/// across all its connections, must still be complete, unique and in order.
/// </summary>
public static class ResumeStormScenario
{
    /// <summary>Text deltas every client receives between two storms.</summary>
    private const int DeltasBetweenStorms = 20;

    private static readonly TimeSpan StormWait = TimeSpan.FromSeconds(60);

    public static async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        await context.WarmUpAsync(cancellationToken);
        // Long enough that every storm hits running turns: (storms + 2) × 20 deltas at 40 ms apart.
        var shape = options.Shape with { Words = (options.ResumeStorms + 2) * DeltasBetweenStorms * 2, InterTokenDelayMs = 40 };
        var expected = await context.ExpectedAsync(shape.Message);
        var sessions = await context.CreateSessionsAsync(options.ResumeTurns, cancellationToken);
        var gateway = context.Target.Gateway;
        var reconnects = new ConcurrentBag<(long ToFirstEvent, long ToFirstDelta)>();
        var clients = sessions.Select(session => new Client(session.User, session.Session, new TurnRecord(expected))).ToList();

        Console.WriteLine($"resume: {clients.Count} turns, {options.ResumeStorms} storms");
        context.Target.Monitor.Begin();
        foreach (var client in clients)
        {
            client.Connect(token => gateway.RunTurnAsync(client.User, client.Session, shape.Message, client.Record, token));
        }

        var stormSizes = new List<int>();
        for (var storm = 1; storm <= options.ResumeStorms; storm++)
        {
            var threshold = storm * DeltasBetweenStorms;
            await WaitAsync(() => clients.All(client => client.Record.Deltas.Count >= threshold || client.Reading.IsCompleted), cancellationToken);
            var live = clients.Where(client => !client.Reading.IsCompleted).ToList();
            stormSizes.Add(live.Count);
            Console.WriteLine($"resume: storm {storm}, {live.Count} clients disconnect and reconnect");
            foreach (var client in live)
            {
                client.Disconnect();
            }

            await Task.WhenAll(live.Select(client => client.Reading));
            foreach (var client in live)
            {
                var lastEventId = client.Record.LastEventId ?? "0-0";
                var deltasBefore = client.Record.Deltas.Count;
                var sent = Clock.NowMicroseconds();
                long? firstEvent = null;
                client.Connect(token => gateway.FollowAsync(client.User, client.Session, null, lastEventId, received =>
                {
                    firstEvent ??= received.ReceivedUs;
                    var more = client.Record.OnPlatformEvent(received);
                    if (client.Record.Deltas.Count > deltasBefore && deltasBefore >= 0)
                    {
                        reconnects.Add((firstEvent.Value - sent, client.Record.Deltas[deltasBefore].ClientUs - sent));
                        deltasBefore = -1;
                    }

                    return more;
                }, null, token));
            }
        }

        await Task.WhenAll(clients.Select(client => client.Reading));
        var usage = context.Target.Monitor.End();
        return Report(options, shape, expected, new PhaseResult("platform (gateway)", [.. clients.Select(client => client.Record)]),
            [.. reconnects], stormSizes, usage);
    }

    private static ScenarioReport Report(BenchOptions options, TurnShape shape, ExpectedAnswer expected, PhaseResult phase,
        IReadOnlyList<(long ToFirstEvent, long ToFirstDelta)> reconnects, IReadOnlyList<int> stormSizes, UsageWindow usage)
    {
        var report = new ScenarioReport("resume", "resume storm — every client reconnects at once with Last-Event-ID");
        report.Paragraph($"{options.ResumeTurns} turns of `{shape.Message}` ({expected.Deltas} text deltas each); {stormSizes.Count} storms " +
            $"after every {DeltasBetweenStorms} deltas a client received, with {string.Join(", ", stormSizes)} clients dropping their " +
            "connection at once and reconnecting at once (`GET /stream`, `Last-Event-ID` = the last id they read).");
        var toFirstEvent = new Distribution(reconnects.Select(reconnect => reconnect.ToFirstEvent / 1000.0));
        var toFirstDelta = new Distribution(reconnects.Select(reconnect => reconnect.ToFirstDelta / 1000.0));
        IReadOnlyList<string> Percentiles(string metric, Distribution distribution) =>
        [
            metric, Tables.Ms(distribution.Percentile(50)), Tables.Ms(distribution.Percentile(90)),
            Tables.Ms(distribution.Percentile(99)), Tables.Ms(distribution.Max), distribution.Count.ToString(CultureInfo.InvariantCulture),
        ];
        report.Table("Reconnect latency", ["metric", "p50", "p90", "p99", "max", "reconnects"],
        [
            Percentiles("reconnect sent → first chunk (ms)", toFirstEvent),
            Percentiles("reconnect sent → first text delta (ms)", toFirstDelta),
        ]);
        report.Table("Integrity across reconnects", ["metric", "target", "measured"],
        [
            ["turns ok / errors", "0 errors", $"{phase.Succeeded} / {phase.Errors}"],
            ["lost / duplicated / reordered chunks", "0 / 0 / 0", $"{phase.Lost} / {phase.Duplicated} / {phase.Reordered}"],
            ["answers ≠ expected text", "0", phase.TextMismatches.ToString(CultureInfo.InvariantCulture)],
        ]);
        if (phase.ErrorSamples.Any())
        {
            report.Paragraph("Errors (samples): " + string.Join("; ", phase.ErrorSamples.Select(error => $"`{error}`")));
        }

        var cost = CpuCost.Of(usage, phase.Succeeded, phase.TextDeltas);
        Tables.Cost(report, "CPU per turn and per text delta over the whole scenario, reconnects included", cost);
        Tables.Processes(report, "Processes during the scenario", usage);
        report.Summary = ScenarioSummary.Of(phase, cost);
        return report;
    }

    private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StormWait;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>One browser tab following one turn over successive connections.</summary>
    private sealed class Client(string user, Guid session, TurnRecord record)
    {
        private CancellationTokenSource _connection = new();

        public string User { get; } = user;

        public Guid Session { get; } = session;

        public TurnRecord Record { get; } = record;

        public Task Reading { get; private set; } = Task.CompletedTask;

        public void Connect(Func<CancellationToken, Task> read)
        {
            _connection.Dispose();
            _connection = new CancellationTokenSource(BenchContext.TurnTimeout);
            var token = _connection.Token;
            Reading = Task.Run(async () =>
            {
                try
                {
                    await read(token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested && !Record.Finished)
                {
                    // Our own disconnect (or the deadline, which leaves the turn unfinished and so counted as an error).
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or JsonException)
                {
                    Record.Error ??= exception.Message;
                }
            }, CancellationToken.None);
        }

        public void Disconnect() => _connection.Cancel();
    }
}
