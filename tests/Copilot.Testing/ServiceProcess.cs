using System.Collections;
using Copilot.Testing.Processes;

namespace Copilot.Testing;

/// <summary>
/// One of the repository's built services running as a real process (<c>dotnet bin/&lt;Configuration&gt;/…/X.dll</c>)
/// in its own process group, with the variables Aspire gives a project (URL, environment, OpenTelemetry identity),
/// started once <c>/health</c> answers 200. Disposing kills the whole group. Failures carry the service's output.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);
    private static readonly HttpClient HealthClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly ProcessGroup _group;
    private readonly LogBuffer _logs;

    private ServiceProcess(string name, Uri baseAddress, ProcessGroup group, LogBuffer logs)
    {
        Name = name;
        BaseAddress = baseAddress;
        _group = group;
        _logs = logs;
    }

    public string Name { get; }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; }

    public int Pid => _group.Id;

    public bool HasExited => _group.HasExited;

    public static async Task<ServiceProcess> StartAsync(ServiceProcessOptions options, CancellationToken cancellationToken = default)
    {
        var repositoryRoot = options.RepositoryRoot ?? ProjectLocator.FindRepositoryRoot();
        var (directory, projectName) = ProjectLocator.Resolve(repositoryRoot, options.ProjectPath);
        var configuration = options.BuildConfiguration ?? ProjectLocator.BuildConfigurationOf(typeof(ServiceProcess).Assembly);
        var assembly = ProjectLocator.AssemblyPath(directory, projectName, configuration);
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException(
                $"{assembly} does not exist. Build it first (dotnet build {options.ProjectPath} -c {configuration}), " +
                "e.g. through a ProjectReference with ReferenceOutputAssembly=\"false\" in the test project.", assembly);
        }

        var name = options.Name ?? projectName;
        var baseAddress = new Uri($"http://127.0.0.1:{options.Port ?? PortAllocator.GetFreePort()}/");
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = options.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = options.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={name}-0",
        };
        // A service sees only the references its test gives it, never ones the test host happens to inherit.
        foreach (DictionaryEntry inherited in Environment.GetEnvironmentVariables())
        {
            if (((string)inherited.Key).StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || ((string)inherited.Key).StartsWith("services__", StringComparison.OrdinalIgnoreCase))
            {
                variables[(string)inherited.Key] = null;
            }
        }

        foreach (var (key, value) in options.Environment)
        {
            variables[key] = value;
        }

        var logs = new LogBuffer();
        var spec = new ProcessSpec
        {
            FileName = DotnetHost.Path,
            Arguments = [assembly],
            WorkingDirectory = directory,
            EnvironmentVariables = variables,
            StopGracePeriod = StopGracePeriod,
        };
        var group = ProcessGroup.Start(spec, (stream, line) => Forward(options.Output, name, logs.Append(stream, line)));
        var service = new ServiceProcess(name, baseAddress, group, logs);
        try
        {
            await service.WaitUntilHealthyAsync(new Uri(baseAddress, options.HealthPath.TrimStart('/')), options.StartupTimeout, cancellationToken);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Everything the service wrote so far (the last <see cref="LogBuffer.DefaultCapacity"/> lines).</summary>
    public string GetOutput() => string.Join(Environment.NewLine, _logs.Tail(LogBuffer.DefaultCapacity).Select(entry => entry.Text));

    /// <summary>Kills the service without a graceful shutdown, as a crash would.</summary>
    public void Kill() => _group.Kill();

    /// <summary>Freezes the whole process group (SIGSTOP), as a long GC pause, a stalled VM or a debugger would.</summary>
    public void Pause() => _group.Signal(UnixSignal.Stop);

    /// <summary>Thaws a paused process group (SIGCONT).</summary>
    public void Resume() => _group.Signal(UnixSignal.Continue);

    /// <summary>SIGTERM, a short grace period, then kills whatever is left of the process group.</summary>
    public async ValueTask DisposeAsync() => await _group.StopAsync();

    private async Task WaitUntilHealthyAsync(Uri healthUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var last = "not probed yet";
        try
        {
            while (true)
            {
                if (_group.HasExited)
                {
                    throw new InvalidOperationException(
                        $"{Name} exited with code {await _group.Exited} before becoming healthy. Output:{Environment.NewLine}{GetOutput()}");
                }

                try
                {
                    using var response = await HealthClient.GetAsync(healthUrl, deadline.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    last = $"HTTP {(int)response.StatusCode}";
                }
                catch (HttpRequestException exception)
                {
                    last = exception.Message;
                }
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
                {
                    // One probe outlived the client's 5 s timeout (a busy machine, a dependency check still waiting):
                    // not healthy yet, which only the overall deadline turns into a failure.
                    last = $"no answer within {HealthClient.Timeout.TotalSeconds:0} s";
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{Name} was not healthy at {healthUrl} within {timeout.TotalSeconds:0} s (last: {last}). Output:{Environment.NewLine}{GetOutput()}");
        }
    }

    private static void Forward(Action<string>? output, string name, LogEntry entry)
    {
        try
        {
            output?.Invoke($"[{name}] {entry.Text}");
        }
        catch (InvalidOperationException)
        {
            // xunit's ITestOutputHelper refuses writes once its test has finished; the line stays in GetOutput().
        }
    }
}
