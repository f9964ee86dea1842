namespace Copilot.LlmSim.Extensions;

public static class Extensions
{
    private const string SimulatedHeader = "X-LlmSim";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmSimOptions>()
            .BindConfiguration(LlmSimOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
    }

    /// <summary>Labels every response, probes included, so a simulated answer is never mistaken for a real model's.</summary>
    public static WebApplication UseSimulatedResponseLabel(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.Headers[SimulatedHeader] = "simulated";
            return next(context);
        });
        return app;
    }
}
