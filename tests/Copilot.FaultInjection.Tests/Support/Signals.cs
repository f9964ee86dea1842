using System.Diagnostics;
using Copilot.Testing;

namespace Copilot.FaultInjection.Tests.Support;

/// <summary>Freezes and thaws a service's whole process group, as a long GC pause, a stalled VM or SIGSTOP would.</summary>
public static class Signals
{
    public static Task PauseAsync(ServiceProcess service) => SendAsync("STOP", service);

    public static Task ResumeAsync(ServiceProcess service) => SendAsync("CONT", service);

    private static async Task SendAsync(string signal, ServiceProcess service)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false };
        foreach (var argument in new[] { "-s", signal, "--", $"-{service.Pid}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var kill = Process.Start(start) ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        kill.ExitCode.Should().Be(0, "SIG{0} must reach {1}'s process group", signal, service.Name);
    }
}
