namespace Copilot.Bench.Measure;

/// <summary>A process to measure; with <paramref name="Tree"/>, its descendants too (PostgreSQL's backends, RabbitMQ's helpers).</summary>
/// <param name="Service">What the process is, shared by replicas (copilot-executor-0 and -1 are both copilot-executor):
/// costs are summed per service, so runs with different replica counts compare.</param>
public sealed record MonitoredProcess(string Name, int Pid, bool Tree = false, string? Service = null)
{
    public string Service { get; init; } = Service ?? Name;
}

/// <summary>CPU and memory of one monitored process tree over a window.</summary>
/// <param name="CpuPercent">100 = one core busy for the whole window.</param>
/// <param name="MemoryMib">RSS of a single process; the sum of PSS of a tree, so memory shared inside it counts once.</param>
/// <param name="CpuSeconds">CPU time used in the window (user + system), for costs per turn and per delta.</param>
public sealed record ProcessUsage(
    string Name, string Service, int Pid, double CpuPercent, double CpuSeconds, double MemoryMib, double PeakMemoryMib);

/// <param name="WakeUpLateness">How late a sleeping thread woke up during the window (see <see cref="WakeUpProbe"/>).</param>
public sealed record UsageWindow(
    IReadOnlyList<ProcessUsage> Processes, double MachineBusyPercent, double Seconds, Distribution WakeUpLateness, string LoadAverage);

/// <summary>
/// Samples CPU time and memory of the platform's processes from <c>/proc</c>: CPU as the difference of two
/// snapshots (ticks of exited children are picked up from their parent's reaped-children counters), memory peaks by
/// sampling once a second.
/// </summary>
public sealed class ProcessMonitor : IAsyncDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<MonitoredProcess> _processes;
    private readonly Dictionary<string, double> _peakMib = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly WakeUpProbe _wakeUps = new();
    private readonly Task _sampling;
    private Snapshot? _begin;

    public ProcessMonitor(IReadOnlyList<MonitoredProcess> processes)
    {
        _processes = processes;
        _sampling = SampleAsync();
    }

    public IReadOnlyList<MonitoredProcess> Processes => _processes;

    /// <summary>Memory of one process tree now, in MiB.</summary>
    public double MemoryMib(string name) =>
        _processes.FirstOrDefault(process => process.Name == name) is { } process ? Measure(process, ParentMap()).MemoryMib : 0;

    public void Begin()
    {
        lock (_peakMib)
        {
            _peakMib.Clear();
        }

        _begin = Take();
        _wakeUps.Reset();
    }

    public UsageWindow End()
    {
        var begin = _begin ?? throw new InvalidOperationException("Begin was not called.");
        var end = Take();
        var seconds = (end.At - begin.At).TotalSeconds;
        var usages = _processes.Select(process =>
        {
            var ticks = end.Trees[process.Name].Ticks - begin.Trees[process.Name].Ticks;
            var memory = end.Trees[process.Name].MemoryMib;
            double peak;
            lock (_peakMib)
            {
                peak = Math.Max(memory, _peakMib.GetValueOrDefault(process.Name));
            }

            var cpuSeconds = (double)ticks / ProcFs.TicksPerSecond;
            return new ProcessUsage(process.Name, process.Service, process.Pid, cpuSeconds * 100 / seconds, cpuSeconds, memory, peak);
        }).ToList();
        var machineTotal = end.Machine.Total - begin.Machine.Total;
        var busy = machineTotal > 0 ? (end.Machine.Busy - begin.Machine.Busy) * 100.0 * Environment.ProcessorCount / machineTotal : 0;
        var load = string.Join(' ', (ProcFs.TryRead("/proc/loadavg") ?? "").Split(' ').Take(3));
        return new UsageWindow(usages, busy, seconds, _wakeUps.Take(), load);
    }

    private Snapshot Take()
    {
        var parents = ParentMap();
        return new Snapshot(DateTimeOffset.UtcNow, ProcFs.MachineTicks(),
            _processes.ToDictionary(process => process.Name, process => Measure(process, parents)));
    }

    private static Dictionary<int, int> ParentMap()
    {
        var parents = new Dictionary<int, int>();
        foreach (var pid in ProcFs.AllProcessIds())
        {
            if (ProcFs.ReadTimes(pid) is { } times)
            {
                parents[pid] = times.ParentId;
            }
        }

        return parents;
    }

    private static TreeSample Measure(MonitoredProcess process, Dictionary<int, int> parents)
    {
        List<int> tree = process.Tree ? [.. parents.Keys.Where(pid => IsInTree(pid, process.Pid, parents))] : [process.Pid];
        long ticks = 0;
        foreach (var pid in tree)
        {
            if (ProcFs.ReadTimes(pid) is { } times)
            {
                ticks += times.OwnTicks + times.ReapedChildrenTicks;
            }
        }

        var kib = process.Tree ? tree.Sum(ProcFs.ReadPssKib) : ProcFs.ReadRssKib(process.Pid);
        return new TreeSample(ticks, kib / 1024.0);
    }

    private static bool IsInTree(int pid, int root, Dictionary<int, int> parents)
    {
        for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
        {
            if (current == root)
            {
                return true;
            }
        }

        return false;
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var parents = ParentMap();
                foreach (var process in _processes)
                {
                    var memory = Measure(process, parents).MemoryMib;
                    lock (_peakMib)
                    {
                        _peakMib[process.Name] = Math.Max(memory, _peakMib.GetValueOrDefault(process.Name));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
        _wakeUps.Dispose();
    }

    private sealed record TreeSample(long Ticks, double MemoryMib);

    private sealed record Snapshot(DateTimeOffset At, (long Busy, long Total) Machine, Dictionary<string, TreeSample> Trees);
}
