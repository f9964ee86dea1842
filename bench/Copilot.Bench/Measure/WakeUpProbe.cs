using System.Diagnostics;

namespace Copilot.Bench.Measure;

/// <summary>
/// How late a sleeping thread wakes up on this machine: every hop of a turn (gateway, chat-api, Redis, executor…)
/// is such a wake-up, so this is the floor under any latency measured in the same window. Sleeps 2 ms, 50 times a
/// second, on a thread of its own.
/// </summary>
public sealed class WakeUpProbe : IDisposable
{
    private static readonly TimeSpan Sleep = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    private readonly List<double> _lateness = [];
    private readonly Thread _thread;
    private volatile bool _stopped;

    public WakeUpProbe()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "wake-up probe" };
        _thread.Start();
    }

    /// <summary>Forgets earlier samples: the next <see cref="Take"/> covers only what follows.</summary>
    public void Reset()
    {
        lock (_lateness)
        {
            _lateness.Clear();
        }
    }

    /// <summary>Lateness in milliseconds since the last <see cref="Reset"/>.</summary>
    public Distribution Take()
    {
        lock (_lateness)
        {
            return new Distribution(_lateness);
        }
    }

    private void Run()
    {
        while (!_stopped)
        {
            var start = Stopwatch.GetTimestamp();
            Thread.Sleep(Sleep);
            var late = (Stopwatch.GetElapsedTime(start) - Sleep).TotalMilliseconds;
            lock (_lateness)
            {
                _lateness.Add(Math.Max(late, 0));
            }

            Thread.Sleep(Period - Sleep);
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }
}
