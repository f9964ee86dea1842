using System.Collections.Concurrent;
using System.Diagnostics;
using Copilot.Testing;

namespace Copilot.Bench.Chaos;

/// <summary>One fault as it happened: its target, when it began and ended, and what went wrong injecting it.</summary>
/// <param name="Retries">Replacements that did not come up healthy in time and were started again.</param>
public sealed record FaultRecord(PlannedFault Planned, string Target, DateTimeOffset Started, DateTimeOffset Ended, string? Failure, int Retries)
{
    public override string ToString() =>
        $"#{Planned.Index} {Started:HH:mm:ss.fff}–{Ended:HH:mm:ss.fff} {Planned.Kind} {Target}" +
        (Retries > 0 ? $" ({Retries} restart(s) not healthy in time)" : "") + (Failure is null ? "" : $" (failed: {Failure})");
}

/// <summary>
/// Injects the plan's faults at their offsets, each on its own task, so faults overlap whenever their gaps are shorter
/// than a restart. One target takes one fault at a time (a process being restarted cannot also be killed); a fault
/// whose target is busy waits for it, so every planned fault is injected and the run stays bounded by the plan.
/// </summary>
public sealed class FaultScheduler(ChaosStack chaos, ChaosLoad load)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FaultRecord> _records = new();

    public IReadOnlyList<FaultRecord> Records => [.. _records.OrderBy(record => record.Started)];

    /// <summary>Injects the plan in order until it is done or <paramref name="stopPlanning"/> fires; faults under way always finish.</summary>
    public async Task RunAsync(IReadOnlyList<PlannedFault> plan, CancellationToken stopPlanning)
    {
        var clock = Stopwatch.StartNew();
        var running = new List<Task>();
        try
        {
            foreach (var fault in plan)
            {
                var wait = fault.At - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stopPlanning);
                }

                running.Add(InjectAsync(fault, stopPlanning));
            }
        }
        catch (OperationCanceledException) when (stopPlanning.IsCancellationRequested)
        {
            chaos.Log.Mark($"time is up: {running.Count} of {plan.Count} faults injected");
        }

        await Task.WhenAll(running);
    }

    /// <summary>
    /// A fault still waiting for its busy target when time is up is dropped (not injected, not recorded); one under way
    /// is never cancelled: a half-done restart would leave the platform without a service for the rest of the run.
    /// </summary>
    private async Task InjectAsync(PlannedFault fault, CancellationToken stopPlanning)
    {
        var target = TargetOf(fault);
        var gate = _targets.GetOrAdd(target, _ => new SemaphoreSlim(1));
        try
        {
            await gate.WaitAsync(stopPlanning);
        }
        catch (OperationCanceledException) when (stopPlanning.IsCancellationRequested)
        {
            return;
        }

        var started = DateTimeOffset.UtcNow;
        string? failure = null;
        var retries = 0;
        chaos.Log.Mark($"fault #{fault.Index} {fault.Kind} {target}");
        try
        {
            retries = await ApplyAsync(fault);
        }
        catch (Exception exception)
        {
            // A restart that did not come back is itself a finding; the run goes on with the next fault.
            failure = exception.Message.Split('\n')[0];
        }
        finally
        {
            gate.Release();
        }

        var record = new FaultRecord(fault, target, started, DateTimeOffset.UtcNow, failure, retries);
        _records.Enqueue(record);
        chaos.Log.Mark($"fault #{fault.Index} done: {record}");
        Console.WriteLine($"  {record}");
    }

    /// <returns>How many replacements had to be started again.</returns>
    private async Task<int> ApplyAsync(PlannedFault fault)
    {
        var stack = chaos.Stack;
        switch (fault.Kind)
        {
            case FaultKind.KillExecutor:
                return (await chaos.CrashAndRestartAsync(stack.Executors[fault.Replica % stack.Executors.Count])).Count;
            case FaultKind.KillChatApi:
                return (await chaos.CrashAndRestartAsync(stack.ChatApis[fault.Replica % stack.ChatApis.Count])).Count;
            case FaultKind.KillUsage:
                return (await chaos.CrashAndRestartAsync(stack.Usage!)).Count;
            case FaultKind.KillBilling:
                return (await chaos.CrashAndRestartAsync(stack.Billing!)).Count;
            case FaultKind.PauseExecutor:
                await PauseAsync(stack.Executors[fault.Replica % stack.Executors.Count], fault.Hold);
                break;
            case FaultKind.RestartRedis:
                await chaos.RestartServerAsync(RestartableInfrastructure.Redis);
                break;
            case FaultKind.RestartRabbitMq:
                await chaos.RestartServerAsync(RestartableInfrastructure.RabbitMQ);
                break;
            case FaultKind.RestartPostgres:
                await chaos.RestartServerAsync(RestartableInfrastructure.Postgres);
                break;
            case FaultKind.DropClient:
                load.DropOneStream();
                break;
        }

        return 0;
    }

    /// <summary>Not cancellable: a frozen process must always be thawed.</summary>
    private static async Task PauseAsync(ServiceProcess executor, TimeSpan hold)
    {
        executor.Pause();
        try
        {
            await Task.Delay(hold, CancellationToken.None);
        }
        finally
        {
            executor.Resume();
        }
    }

    private string TargetOf(PlannedFault fault) => fault.Kind switch
    {
        FaultKind.KillExecutor or FaultKind.PauseExecutor => $"copilot-executor-{fault.Replica % chaos.Stack.Executors.Count}",
        FaultKind.KillChatApi => $"chat-api-{fault.Replica % chaos.Stack.ChatApis.Count}",
        FaultKind.KillUsage => "usage",
        FaultKind.KillBilling => "billing",
        FaultKind.RestartRedis => RestartableInfrastructure.Redis,
        FaultKind.RestartRabbitMq => RestartableInfrastructure.RabbitMQ,
        FaultKind.RestartPostgres => RestartableInfrastructure.Postgres,
        FaultKind.DropClient => $"client-{fault.Index}",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, null),
    };
}
