using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Copilot.Deploy.Tests;

/// <summary>A project the AppHost runs, as the manifests must reproduce it.</summary>
/// <param name="Variables">The environment variable names the AppHost gives each replica.</param>
public sealed record DeclaredProject(string Name, string ProjectDirectory, string ProjectName, int Replicas, IReadOnlySet<string> Variables);

/// <summary>The real AppHost's model, built through Aspire's testing builder and never started.</summary>
public static class ApplicationModel
{
    public static readonly IReadOnlyList<DeclaredProject> Projects = Declare();

    public static DeclaredProject Project(string name) => Projects.Single(project => project.Name == name);

    private static List<DeclaredProject> Declare()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("copilot-deploy-model");
        try
        {
            // Off xunit's synchronisation context: blocking on it while the builder's continuations queue there deadlocks.
            return Task.Run(() => DeclareAsync(dataDirectory.FullName)).GetAwaiter().GetResult();
        }
        finally
        {
            dataDirectory.Delete(recursive: true);
        }
    }

    /// <remarks>Reads no static of this class: it runs on another thread while the static constructor waits for it.</remarks>
    private static async Task<List<DeclaredProject>> DeclareAsync(string dataDirectory)
    {
        // What DCP adds to every project at launch rather than through the model's annotations: the listening URL and
        // the OpenTelemetry identity and exporter.
        string[] launchVariables = ["ASPNETCORE_URLS", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_EXPORTER_OTLP_ENDPOINT"];
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Copilot_AppHost>(["--data-dir", dataDirectory]);
        var projects = new List<DeclaredProject>();
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var path = project.GetProjectMetadata().ProjectPath;
            // Publish mode is how a deployment sees the model: references as names, not as this machine's ports.
            var variables = (await ExecutionConfigurationBuilder.Create(project)
                .WithEnvironmentVariablesConfig()
                .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance, CancellationToken.None))
                .EnvironmentVariables;
            projects.Add(new DeclaredProject(
                project.Name,
                Path.GetDirectoryName(path)!,
                Path.GetFileNameWithoutExtension(path),
                project.GetReplicaCount(),
                variables.Select(variable => variable.Key).Concat(launchVariables).ToHashSet(StringComparer.Ordinal)));
        }

        return projects;
    }
}
