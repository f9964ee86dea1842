using System.Globalization;
using Copilot.Bench.Measure;

namespace Copilot.Bench.Report;

/// <summary>The machine a run measured, captured before the first scenario (load average included: other work skews numbers).</summary>
public sealed record MachineInfo(int Processors, string CpuModel, double MemoryGib, string LoadAverage, string Kernel, string Runtime, int? OpenFileLimit)
{
    public static MachineInfo Capture()
    {
        var cpu = ProcFs.TryRead("/proc/cpuinfo")?.Split('\n')
            .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memoryKib = ProcFs.TryRead("/proc/meminfo")?.Split('\n')
            .FirstOrDefault(line => line.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] ?? "0";
        var load = string.Join(' ', (ProcFs.TryRead("/proc/loadavg") ?? "").Split(' ').Take(3));
        return new MachineInfo(
            Environment.ProcessorCount,
            cpu,
            long.Parse(memoryKib, CultureInfo.InvariantCulture) / 1024.0 / 1024.0,
            load,
            ProcFs.TryRead("/proc/sys/kernel/osrelease")?.Trim() ?? "unknown",
            $".NET {Environment.Version}",
            ProcFs.OpenFileLimit(Environment.ProcessId));
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Processors} × {CpuModel}, {MemoryGib:0.0} GiB RAM, Linux {Kernel}, {Runtime}; load average at start {LoadAverage}; " +
        $"open-file limit {OpenFileLimit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
}
