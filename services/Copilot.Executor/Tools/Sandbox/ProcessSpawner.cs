using System.Collections.Concurrent;
using System.Diagnostics;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>
/// Starts processes from one thread that lives as long as the executor. bubblewrap's <c>--die-with-parent</c> is
/// PR_SET_PDEATHSIG, which fires when the <em>thread</em> that forked it ends; thread-pool threads come and go, so
/// sandboxes started from them would be killed at random. From this thread, "parent" means the executor process.
/// </summary>
internal static class ProcessSpawner
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];

    static ProcessSpawner()
    {
        new Thread(Run) { IsBackground = true, Name = "sandbox-spawner" }.Start();
    }

    public static Task<Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (start, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start."));
            }
            catch (Exception exception)
            {
                started.SetException(exception);
            }
        }
    }
}
