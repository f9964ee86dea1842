namespace Copilot.Hosting.Resources;

/// <summary>A .NET project of the repository, launched as <c>dotnet bin/&lt;Configuration&gt;/&lt;tfm&gt;/&lt;Project&gt;.dll</c>.</summary>
public sealed class ProjectResource(string name, string projectDirectory, string projectName) : ProcessResource(name), IResourceWithServiceDiscovery
{
    public const string HealthPath = "/health";

    /// <summary>Absolute directory of the project; also the working directory, so its appsettings.json loads.</summary>
    public string ProjectDirectory { get; } = projectDirectory;

    /// <summary>The csproj's file name without extension, which is also the assembly name.</summary>
    public string ProjectName { get; } = projectName;

    /// <summary>Port of the first replica when fixed (the gateway's 8080); other replicas get free ports.</summary>
    public int? FixedHttpPort { get; internal set; }

    /// <summary>Printed with the dashboard URL once the application is up.</summary>
    public bool HasExternalHttpEndpoints { get; internal set; }

    /// <summary>One port per replica, assigned by the orchestrator before anything starts.</summary>
    public IReadOnlyList<int> ReplicaPorts { get; internal set; } = [];

    public IReadOnlyList<Uri> HttpEndpoints => ReplicaPorts.Select(port => new Uri($"http://127.0.0.1:{port}")).ToList();
}
