using Copilot.Bench.Client;
using Copilot.Bench.Measure;
using Copilot.Testing;

namespace Copilot.Bench.Target;

/// <summary>The system under test: its public entry, the simulator behind it (for the baseline), and its processes.</summary>
public sealed class BenchTarget : IAsyncDisposable
{
    private readonly CopilotStack? _stack;

    private BenchTarget(string description, Uri gateway, Uri simulator, Uri? chatApi, TokenSource tokens,
        IReadOnlyList<MonitoredProcess> processes, CopilotStack? stack)
    {
        Description = description;
        Gateway = new PlatformClient(gateway, tokens);
        ChatApi = chatApi is null ? null : new PlatformClient(chatApi, tokens);
        Simulator = new SimulatorClient(simulator);
        Monitor = new ProcessMonitor(processes);
        _stack = stack;
    }

    public string Description { get; }

    public PlatformClient Gateway { get; }

    /// <summary>chat-api without the gateway in front, to isolate the gateway hop; only when the stack is ours.</summary>
    public PlatformClient? ChatApi { get; }

    public SimulatorClient Simulator { get; }

    public ProcessMonitor Monitor { get; }

    /// <summary>
    /// Gateway, one chat-api, executors, usage and the simulator as real processes on one infrastructure (the
    /// tests' shared one: <c>COPILOT_TEST_INFRA</c>, else started here).
    /// </summary>
    public static async Task<BenchTarget> StartAsync(BenchOptions options)
    {
        var stackOptions = new CopilotStackOptions { WithGateway = true, ChatApiReplicas = 1, ExecutorReplicas = options.Executors };
        stackOptions.Environment["Executor__MaxConcurrentTurns"] = options.TurnsPerExecutor.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stack = await CopilotStack.StartAsync(stackOptions);
        var description = $"own stack: gateway, 1 chat-api, {options.Executors} executors (MaxConcurrentTurns {options.TurnsPerExecutor}), " +
            $"usage, llm-sim; Redis/RabbitMQ/PostgreSQL {(stack.Infrastructure.StartedByThisProcess ? "started by the benchmark" : "shared (COPILOT_TEST_INFRA)")}";
        return new BenchTarget(description, stack.Gateway!.BaseAddress, stack.LlmSim.BaseAddress, stack.ChatApis[0].BaseAddress,
            TokenSource.Minted(), ProcessDiscovery.ForStack(stack), stack);
    }

    public static BenchTarget Connect(BenchOptions options)
    {
        var gateway = options.Gateway ?? throw new ArgumentException("--gateway is required to measure a running platform.");
        var processes = ProcessDiscovery.ForRunningPlatform(gateway);
        var simulator = options.Simulator
            ?? processes.Where(process => process.Name == "llm-sim").SelectMany(process => ProcFs.ListeningPorts(process.Pid))
                .Select(port => new Uri($"http://127.0.0.1:{port}/")).FirstOrDefault()
            ?? throw new ArgumentException("No simulator found next to the gateway: pass --sim URL (the baseline calls it directly).");
        var tokens = TokenSource.FromDevelopmentEndpoint(new HttpClient { BaseAddress = gateway });
        return new BenchTarget($"running platform at {gateway} (simulator {simulator})", gateway, simulator, null, tokens, processes, null);
    }

    public async ValueTask DisposeAsync()
    {
        await Monitor.DisposeAsync();
        Gateway.Dispose();
        ChatApi?.Dispose();
        Simulator.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }
}
