using Copilot.Hosting.Dashboard.Counters;
using Copilot.Hosting.Resources;
using Microsoft.Extensions.Configuration;

namespace Copilot.Hosting;

/// <summary>Declares the application's resources, in the shape of Aspire's builder.</summary>
public interface IDistributedApplicationBuilder
{
    /// <summary>Environment variables and the command-line arguments that are not orchestrator flags.</summary>
    ConfigurationManager Configuration { get; }

    DistributedApplicationOptions Options { get; }

    /// <summary>Folder holding Copilot.sln; project paths are relative to it.</summary>
    string RepositoryRoot { get; }

    IReadOnlyList<IResource> Resources { get; }

    /// <summary>Live counters the dashboard shows (and serves as JSON at <c>/api/counters</c>).</summary>
    IList<ICounterSource> CounterSources { get; }

    IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource;

    DistributedApplication Build();
}
