using System.Runtime.InteropServices;

namespace Copilot.Testing.Processes;

/// <summary>Linux signal numbers; .NET's <see cref="PosixSignal"/> values are abstract and cannot be sent.</summary>
public enum UnixSignal
{
    Interrupt = 2,
    Kill = 9,
    Terminate = 15,
    Continue = 18,
    Stop = 19,
}

internal static class UnixProcessGroups
{
    /// <summary>Sends <paramref name="signal"/> to every process of the group led by <paramref name="groupId"/>.</summary>
    public static void Signal(int groupId, UnixSignal signal) => _ = kill(-groupId, (int)signal);

    public static void SignalProcess(int processId, UnixSignal signal) => _ = kill(processId, (int)signal);

    [DllImport("libc")]
    private static extern int kill(int pid, int sig);
}
