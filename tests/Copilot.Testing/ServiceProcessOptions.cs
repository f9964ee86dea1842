namespace Copilot.Testing;

/// <summary>What <see cref="ServiceProcess.StartAsync"/> launches and how.</summary>
/// <param name="projectPath">Project directory or .csproj relative to the repository root, e.g. <c>services/Copilot.ChatApi</c>.</param>
public sealed class ServiceProcessOptions(string projectPath)
{
    public string ProjectPath { get; } = projectPath;

    /// <summary>OTEL_SERVICE_NAME and the prefix of echoed output; the project's name when null.</summary>
    public string? Name { get; set; }

    /// <summary>Configuration for the service, e.g. <c>ConnectionStrings__chat</c> or <c>services__usage__http__0</c>.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A free port is picked when null.</summary>
    public int? Port { get; set; }

    public string HealthPath { get; set; } = "/health";

    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public string EnvironmentName { get; set; } = "Development";

    /// <summary>Debug or Release; the configuration this library (and so the test project) was built with when null.</summary>
    public string? BuildConfiguration { get; set; }

    /// <summary>Found by walking up to Copilot.sln when null.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Receives every output line as it arrives, e.g. <c>ITestOutputHelper.WriteLine</c>.</summary>
    public Action<string>? Output { get; set; }
}
