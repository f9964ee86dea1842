using Copilot.AppHost;
using Copilot.Hosting;
using Copilot.Hosting.Orchestration;
using Copilot.Hosting.Resources;

namespace Copilot.Deploy.Tests;

/// <summary>The AppHost's resources as Program.cs declares them, built without starting anything.</summary>
public static class ApplicationModel
{
    public static readonly IReadOnlyList<IResource> Resources = Declare();

    public static IEnumerable<ProjectResource> Projects => Resources.OfType<ProjectResource>();

    public static ProjectResource Project(string name) => Projects.Single(project => project.Name == name);

    /// <summary>
    /// The variable names a replica of <paramref name="project"/> gets from the AppHost: the environment contract
    /// (URLs, hosting environment, OTEL identity and exporter), one per reference, and the project's own settings. On
    /// Kubernetes a referenced project is one Service, so its discovery entry is <c>services__{name}__http__0</c>.
    /// </summary>
    public static IReadOnlySet<string> VariablesOf(ProjectResource project)
    {
        var names = EnvironmentContract.ForService(
                project.Name, 0, new Uri("http://127.0.0.1:8080"), new EnvironmentContractSettings("Production", "http://collector:4317"))
            .Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var reference in project.References)
        {
            names.Add(reference.Resource switch
            {
                IResourceWithConnectionString => $"ConnectionStrings__{reference.Name}",
                IResourceWithServiceDiscovery => $"services__{reference.Name}__http__0",
                _ => throw new NotSupportedException($"{project.Name} references {reference.Resource.GetType().Name}, which the manifests cannot express yet."),
            });
        }

        names.UnionWith(project.Environment.Keys);
        return names;
    }

    private static List<IResource> Declare()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            RepositoryRoot = Manifests.RepositoryRoot,
            DashboardPort = null,
            Output = TextWriter.Null,
        });
        CopilotApplication.Declare(builder);
        return [.. builder.Resources];
    }
}
