namespace Copilot.Bench.Chaos;

/// <summary>What the scheduler can do to the platform.</summary>
public enum FaultKind
{
    KillExecutor,
    KillChatApi,
    KillUsage,
    KillBilling,
    PauseExecutor,
    RestartRedis,
    RestartRabbitMq,
    RestartPostgres,
    DropClient,
}

/// <summary>One fault of the plan: when (from the start of the load), what, to which replica, and for how long.</summary>
/// <param name="Hold">How long a paused executor stays frozen; zero for other kinds.</param>
public sealed record PlannedFault(int Index, TimeSpan At, FaultKind Kind, int Replica, TimeSpan Hold);

/// <summary>
/// The whole fault schedule, drawn up front from the seed alone: the same seed gives the same faults, in the same order,
/// at the same offsets, to the same replicas — a failing run is replayed with its seed (the load's timing, not being
/// the seed's, varies a little). Gaps are exponential around the mean, so faults sometimes bunch up and overlap.
/// </summary>
public static class FaultPlan
{
    /// <summary>
    /// Relative frequencies: client drops and executor faults are cheap and common; infrastructure restarts rarer, and
    /// RabbitMQ's rarest — one restart keeps the broker away for 25–40 s on a busy two-core machine.
    /// </summary>
    private static readonly (FaultKind Kind, int Weight)[] Weights =
    [
        (FaultKind.DropClient, 20),
        (FaultKind.KillExecutor, 16),
        (FaultKind.PauseExecutor, 12),
        (FaultKind.KillChatApi, 12),
        (FaultKind.KillUsage, 8),
        (FaultKind.KillBilling, 6),
        (FaultKind.RestartRedis, 6),
        (FaultKind.RestartPostgres, 6),
        (FaultKind.RestartRabbitMq, 2),
    ];

    public static IReadOnlyList<PlannedFault> Create(int seed, int count, TimeSpan meanGap, TimeSpan lease)
    {
        var random = new Random(seed);
        var total = Weights.Sum(weight => weight.Weight);
        var at = TimeSpan.FromSeconds(5);
        var plan = new List<PlannedFault>(count);
        for (var index = 0; index < count; index++)
        {
            // Exponential gaps (a Poisson process), capped so one unlucky draw cannot stall the run.
            at += TimeSpan.FromMilliseconds(Math.Min(-Math.Log(1 - random.NextDouble()) * meanGap.TotalMilliseconds, 5 * meanGap.TotalMilliseconds));
            var pick = random.Next(total);
            var kind = Weights.First(weight => (pick -= weight.Weight) < 0).Kind;
            var replica = random.Next(2);
            // Past the lease, so another worker may claim the frozen one's sessions, and sometimes past the watchdog.
            var hold = kind == FaultKind.PauseExecutor ? lease + TimeSpan.FromMilliseconds(random.Next(500, 8_000)) : TimeSpan.Zero;
            plan.Add(new PlannedFault(index, at, kind, replica, hold));
        }

        return plan;
    }
}
