using Microsoft.Extensions.DependencyInjection;

namespace Copilot.Usage.Client;

public static class UsageAdmissionExtensions
{
    /// <summary>
    /// <see cref="ITurnAdmission"/> against the <c>usage</c> service (service discovery: <c>services__usage__http__0</c>).
    /// It sits on chat's hot path and before every model round: one quick attempt, then fail open — never retries that
    /// would stall every send. Usage's internal API wants the internal credential: the caller adds it to the returned
    /// client (ServiceDefaults' <c>AddInternalApiKey</c>), which keeps this library free of the services' defaults.
    /// </summary>
    public static IHttpClientBuilder AddUsageAdmission(this IServiceCollection services)
    {
#pragma warning disable EXTEXP0001 // The only API that opts one client out of ConfigureHttpClientDefaults' handler.
        return services.AddHttpClient<ITurnAdmission, UsageAdmissionClient>(http =>
            {
                http.BaseAddress = new Uri("http://usage");
                http.Timeout = TimeSpan.FromSeconds(2);
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
