using System.Diagnostics;
using Copilot.Testing.Faults;

namespace Copilot.Bench.Chaos;

/// <summary>
/// The chaos soak: steady mixed turns through the gateway while the seeded fault plan kills, pauses and restarts the
/// platform's parts, then the observer's checks. On a stack of its own (<see cref="ChaosStack"/>), never a running one:
/// it kills what it finds.
/// </summary>
public static class ChaosScenario
{
    public static async Task<(ChaosReport Report, string TimelineLog)> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var chaosOptions = options.Chaos;
        var plan = FaultPlan.Create(chaosOptions.Seed, chaosOptions.Faults, chaosOptions.MeanGap, ChaosStack.Lease);
        Console.WriteLine($"Chaos: seed {chaosOptions.Seed}, {plan.Count} faults over ~{plan[^1].At.TotalSeconds:0} s, {chaosOptions.Workers} users at once; starting the stack…");
        await using var chaos = await ChaosStack.StartAsync(options.Executors);
        Console.WriteLine($"Timeline (every service's output and every fault): {chaos.Log.Path}");
        var gateway = chaos.Stack.Gateway!.BaseAddress;
        var broker = new BrokerProbe(chaos.Infrastructure.Servers.RabbitMQManagementUrl!, new Uri(chaos.Stack.RabbitMq).AbsolutePath.Trim('/'));
        await broker.TapUsageAsync();
        await WarmUpAsync(gateway, chaos);

        var load = new ChaosLoad(gateway, chaosOptions.Workers, chaosOptions.Seed);
        var scheduler = new FaultScheduler(chaos, load);
        var clock = Stopwatch.StartNew();
        chaos.Log.Mark("load and faults start");
        load.Start();
        using (var timeUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeUp.CancelAfter(chaosOptions.MaxDuration);
            await scheduler.RunAsync(plan, timeUp.Token);
        }

        chaos.Log.Mark("faults done; load winding down");
        Console.WriteLine("Faults done; letting every user finish and send a closing message…");
        await load.StopAsync();
        var duration = clock.Elapsed;
        chaos.Log.Mark("load stopped; observing");
        Console.WriteLine("Observing…");
        var observation = await new ChaosObserver(chaos, broker).ObserveAsync(load.Turns, load.Sessions);
        chaos.Log.Mark($"observed: {observation.Violations.Count} violation(s)");
        return (new ChaosReport(chaosOptions, plan, scheduler.Records, load.Turns, observation, duration), chaos.Log.Path);
    }

    /// <summary>A few answers before any fault, so the first faults do not land on services still paying for their first request.</summary>
    private static async Task WarmUpAsync(Uri gateway, ChaosStack chaos)
    {
        chaos.Log.Mark("warm-up");
        using var client = new ResumingClient([gateway]);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.CreateSessionAsync()));
        await Task.WhenAll(sessions.Select(session => client.SendAsync(new TurnTranscript(session, $"warm-up {TurnShapes.ClosingAnswer}"))));
        chaos.Log.Mark("warm-up done");
    }
}
