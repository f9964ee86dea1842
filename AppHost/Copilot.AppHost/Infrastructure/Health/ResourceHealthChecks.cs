using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Copilot.AppHost.Infrastructure.Health;

/// <summary>Registers an Aspire resource health check (what <c>WaitFor</c> and the dashboard's health column follow).</summary>
public static class ResourceHealthChecks
{
    /// <summary>
    /// A check over the resource's connection string, resolved at check time: it is only known once Aspire has
    /// allocated the endpoints, and an external resource's may come from parameters.
    /// </summary>
    public static IResourceBuilder<T> WithConnectionHealthCheck<T>(this IResourceBuilder<T> builder, Func<string, IHealthCheck> check)
        where T : IResourceWithConnectionString =>
        builder.WithResourceHealthCheck(resource => new ConnectionStringHealthCheck(resource, check));

    public static IResourceBuilder<T> WithResourceHealthCheck<T>(this IResourceBuilder<T> builder, Func<T, IHealthCheck> check)
        where T : IResource
    {
        var key = $"{builder.Resource.Name}-check";
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => check(builder.Resource), failureStatus: null, tags: null, timeout: TimeSpan.FromSeconds(10)));
        return builder.WithHealthCheck(key);
    }

    private sealed class ConnectionStringHealthCheck(IResourceWithConnectionString resource, Func<string, IHealthCheck> check) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
            return connectionString is null
                ? HealthCheckResult.Unhealthy($"{resource.Name} has no connection string yet.")
                : await check(connectionString).CheckHealthAsync(context, cancellationToken);
        }
    }
}
