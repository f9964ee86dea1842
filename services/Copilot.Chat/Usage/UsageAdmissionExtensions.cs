using Copilot.Chat.Turns;
using Copilot.ServiceDefaults.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Copilot.Chat.Usage;

public static class UsageAdmissionExtensions
{
    /// <summary>
    /// <see cref="ITurnAdmission"/> against the <c>usage</c> service (service discovery: <c>services__usage__http__0</c>).
    /// It sits on chat's hot path and before every model round: one quick attempt, then fail open — never retries that
    /// would stall every send.
    /// </summary>
    public static IHostApplicationBuilder AddUsageAdmission(this IHostApplicationBuilder builder)
    {
#pragma warning disable EXTEXP0001 // The only API that opts one client out of ConfigureHttpClientDefaults' handler.
        builder.Services.AddHttpClient<ITurnAdmission, UsageAdmissionClient>(http =>
            {
                http.BaseAddress = new Uri("http://usage");
                http.Timeout = TimeSpan.FromSeconds(2);
            })
            .RemoveAllResilienceHandlers()
            .AddInternalApiKey();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
