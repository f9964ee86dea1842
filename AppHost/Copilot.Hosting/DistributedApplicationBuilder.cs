using System.Text.RegularExpressions;
using Copilot.Hosting.Dashboard.Counters;
using Copilot.Hosting.Orchestration;
using Copilot.Hosting.Resources;
using Microsoft.Extensions.Configuration;

namespace Copilot.Hosting;

internal sealed partial class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly List<IResource> _resources = [];
    private string? _repositoryRoot;

    public DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        _repositoryRoot = options.RepositoryRoot;
        Configuration = new ConfigurationManager();
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(options.Args);
    }

    public ConfigurationManager Configuration { get; }

    public DistributedApplicationOptions Options { get; }

    /// <summary>Looked up on first use: an application of infrastructure only never needs it.</summary>
    public string RepositoryRoot => _repositoryRoot ??= ProjectLocator.FindRepositoryRoot();

    public IReadOnlyList<IResource> Resources => _resources;

    public IList<ICounterSource> CounterSources { get; } = [];

    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource
    {
        // The name becomes part of environment variable names and URLs, hence Aspire's naming rule.
        if (!ResourceNamePattern().IsMatch(resource.Name))
        {
            throw new ArgumentException(
                $"Resource name '{resource.Name}' must start with a letter and contain only lowercase letters, digits and hyphens.",
                nameof(resource));
        }

        if (_resources.Any(existing => string.Equals(existing.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"A resource named '{resource.Name}' already exists.", nameof(resource));
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public DistributedApplication Build()
    {
        // Fails now, with the offending names, rather than hanging at start on a cycle or an undeclared dependency.
        StartupPlan.Create(_resources);
        return new DistributedApplication(Options, Configuration, _resources.ToList(), CounterSources.ToList(), () => RepositoryRoot);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex ResourceNamePattern();
}
