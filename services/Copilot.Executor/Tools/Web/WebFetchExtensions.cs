namespace Copilot.Executor.Tools.Web;

public static class WebFetchExtensions
{
    /// <summary><c>web_fetch</c> (options <c>Executor:WebFetch</c>); left out entirely when switched off.</summary>
    public static IHostApplicationBuilder AddWebFetchTool(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebFetchOptions>()
            .BindConfiguration(WebFetchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (builder.Configuration.GetValue($"{WebFetchOptions.SectionName}:{nameof(WebFetchOptions.Enabled)}", true))
        {
            builder.Services.AddWebFetchTool();
        }

        return builder;
    }

    /// <summary>The tool and its HTTP client, for hosts that configure <see cref="WebFetchOptions"/> themselves.</summary>
    public static IServiceCollection AddWebFetchTool(this IServiceCollection services)
    {
        services.AddSingleton<SafeConnector>();
        // The client talks to the open internet, not to a sibling service: the defaults' resilience handler (retries
        // would repeat a GET the model did not ask twice for, its timeouts would race ours) and service discovery
        // (which could map a name onto an internal service) are both removed. The whole-fetch timeout is the tool's.
        services.AddHttpClient(WebFetchTool.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<SafeConnector>().CreateHandler())
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear());
        services.AddSingleton<ICopilotTool, WebFetchTool>();
        return services;
    }
}
