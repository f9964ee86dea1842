using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Copilot.Testing;

/// <summary>A project the AppHost runs, as its model declares it.</summary>
/// <param name="ProjectPath">The project's .csproj, absolute.</param>
/// <param name="Variables">
/// What the AppHost gives each replica, as a deployment sees it: literals, and references as expressions such as
/// <c>{usage.bindings.http.url}</c>, since publish mode resolves no port of this machine.
/// </param>
/// <param name="WaitsFor">The other projects this one starts after.</param>
public sealed record DeclaredProject(
    string Name,
    string ProjectPath,
    int Replicas,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlySet<string> WaitsFor)
{
    private const string ConnectionStringPrefix = "ConnectionStrings__";

    private const string ServicePrefix = "services__";

    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;

    public string ProjectName => Path.GetFileNameWithoutExtension(ProjectPath);

    /// <summary>The connections (<c>ConnectionStrings__&lt;name&gt;</c>) the project is given.</summary>
    public IEnumerable<string> Connections => Variables.Keys
        .Where(key => key.StartsWith(ConnectionStringPrefix, StringComparison.Ordinal))
        .Select(key => key[ConnectionStringPrefix.Length..]);

    /// <summary>The projects whose addresses (<c>services__&lt;name&gt;__http__&lt;n&gt;</c>) the project is given.</summary>
    public IEnumerable<string> ServiceReferences => Variables.Keys
        .Where(key => key.StartsWith(ServicePrefix, StringComparison.Ordinal))
        .Select(key => key[ServicePrefix.Length..].Split("__")[0])
        .Distinct(StringComparer.Ordinal);

    /// <summary>Variables that are neither a connection nor a service address: settings and parameters.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings => Variables
        .Where(variable => !variable.Key.StartsWith(ConnectionStringPrefix, StringComparison.Ordinal)
            && !variable.Key.StartsWith(ServicePrefix, StringComparison.Ordinal));
}

/// <summary>
/// The real AppHost's projects, built through Aspire's testing builder and never started: the one declaration of the
/// topology that test stacks, the deployment-manifest tests and the benchmark all follow.
/// </summary>
public static class AppHostModel
{
    private static readonly Lazy<Task<IReadOnlyList<DeclaredProject>>> Declared = new(() => Task.Run(DeclareAsync));

    public static Task<IReadOnlyList<DeclaredProject>> GetProjectsAsync() => Declared.Value;

    /// <summary>For static test data; blocks off the caller's synchronisation context, which the builder would deadlock on.</summary>
    public static IReadOnlyList<DeclaredProject> Projects => Declared.Value.GetAwaiter().GetResult();

    public static DeclaredProject Project(string name) => Projects.Single(project => project.Name == name);

    private static async Task<IReadOnlyList<DeclaredProject>> DeclareAsync()
    {
        var data = Directory.CreateTempSubdirectory("copilot-apphost-model-");
        try
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Copilot_AppHost>(["--data-dir", data.FullName]);
            var names = builder.Resources.OfType<ProjectResource>().Select(project => project.Name).ToHashSet(StringComparer.Ordinal);
            var projects = new List<DeclaredProject>();
            foreach (var project in builder.Resources.OfType<ProjectResource>())
            {
                // Publish mode is how a deployment sees the model: references as names, not as this machine's ports.
                var variables = (await ExecutionConfigurationBuilder.Create(project)
                    .WithEnvironmentVariablesConfig()
                    .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance, CancellationToken.None))
                    .EnvironmentVariables;
                var waitsFor = project.Annotations.OfType<WaitAnnotation>()
                    .Select(wait => wait.Resource.Name)
                    .Where(names.Contains)
                    .ToHashSet(StringComparer.Ordinal);
                projects.Add(new DeclaredProject(
                    project.Name,
                    project.GetProjectMetadata().ProjectPath,
                    project.GetReplicaCount(),
                    variables.ToDictionary(StringComparer.Ordinal),
                    waitsFor));
            }

            return projects;
        }
        finally
        {
            DataDirectory.Delete(data);
        }
    }
}
