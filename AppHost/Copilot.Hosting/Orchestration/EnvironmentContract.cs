using System.Collections;
using Copilot.Hosting.Resources;

namespace Copilot.Hosting.Orchestration;

/// <param name="EnvironmentName">ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT of projects.</param>
/// <param name="OtlpEndpoint">The orchestrator's own OTEL_EXPORTER_OTLP_ENDPOINT, forwarded when set.</param>
public sealed record EnvironmentContractSettings(string EnvironmentName, string? OtlpEndpoint)
{
    public static EnvironmentContractSettings FromCurrentProcess(string environmentName) =>
        new(environmentName, Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } endpoint ? endpoint : null);
}

/// <summary>
/// The environment variables Aspire gives a process, computed from the model alone (no processes involved):
/// <c>ConnectionStrings__{name}</c> per connection-string reference, <c>services__{name}__http__{i}</c> per
/// replica of a referenced project, OTEL identity, and for projects the URL and hosting environment.
/// </summary>
public static class EnvironmentContract
{
    /// <summary>Inherited variables with these prefixes are removed, so a process sees only the references it declared.</summary>
    private static readonly string[] ReferencePrefixes = ["ConnectionStrings__", "services__"];

    public static IReadOnlyDictionary<string, string> ForReplica(ProcessResource resource, int replica, EnvironmentContractSettings settings)
    {
        var url = resource is ProjectResource project ? project.HttpEndpoints[replica] : null;
        var variables = ForService(resource.Name, replica, url, settings);
        foreach (var reference in resource.References)
        {
            switch (reference.Resource)
            {
                case IResourceWithConnectionString withConnectionString:
                    variables[$"ConnectionStrings__{reference.Name}"] = withConnectionString.ConnectionString
                        ?? throw new InvalidOperationException($"'{reference.Resource.Name}' has no connection string yet.");
                    break;
                case IResourceWithServiceDiscovery discoverable:
                    for (var index = 0; index < discoverable.HttpEndpoints.Count; index++)
                    {
                        variables[$"services__{reference.Name}__http__{index}"] = discoverable.HttpEndpoints[index].ToString().TrimEnd('/');
                    }

                    break;
            }
        }

        foreach (var (name, value) in resource.Environment)
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>The variables every service process gets regardless of its references.</summary>
    /// <param name="url">The process's HTTP address; null for executables, which get no ASP.NET Core variables.</param>
    public static Dictionary<string, string> ForService(string serviceName, int replica, Uri? url, EnvironmentContractSettings settings)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_SERVICE_NAME"] = serviceName,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={serviceName}-{replica}",
        };
        if (settings.OtlpEndpoint is not null)
        {
            variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = settings.OtlpEndpoint;
        }

        if (url is not null)
        {
            variables["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
            variables["ASPNETCORE_ENVIRONMENT"] = settings.EnvironmentName;
            variables["DOTNET_ENVIRONMENT"] = settings.EnvironmentName;
        }

        return variables;
    }

    /// <summary>
    /// The contract plus removals (null values) of inherited reference variables it does not set — the
    /// orchestrator's own <c>ConnectionStrings__postgres</c> in <c>--external</c> mode must not leak into services.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> IsolatedFromInherited(IReadOnlyDictionary<string, string> contract)
    {
        var variables = contract.ToDictionary(pair => pair.Key, string? (pair) => pair.Value, StringComparer.Ordinal);
        foreach (DictionaryEntry inherited in Environment.GetEnvironmentVariables())
        {
            var name = (string)inherited.Key;
            if (!variables.ContainsKey(name) && ReferencePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                variables[name] = null;
            }
        }

        return variables;
    }
}
