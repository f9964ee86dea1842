using Copilot.Testing;

namespace Copilot.Deploy.Tests;

/// <summary>The real AppHost's projects (declared, never started) as the manifests must reproduce them.</summary>
public static class ApplicationModel
{
    /// <summary>
    /// What DCP adds to every project at launch rather than through the model's annotations: the listening URL and
    /// the OpenTelemetry identity and exporter.
    /// </summary>
    private static readonly string[] LaunchVariables = ["ASPNETCORE_URLS", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_EXPORTER_OTLP_ENDPOINT"];

    public static IReadOnlyList<DeclaredProject> Projects => AppHostModel.Projects;

    public static DeclaredProject Project(string name) => AppHostModel.Project(name);

    /// <summary>The environment variable names each replica of <paramref name="project"/> is given.</summary>
    public static IReadOnlySet<string> VariablesOf(DeclaredProject project) =>
        project.Variables.Keys.Concat(LaunchVariables).ToHashSet(StringComparer.Ordinal);
}
