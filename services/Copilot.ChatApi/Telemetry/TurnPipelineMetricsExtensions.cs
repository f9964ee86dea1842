using RabbitMQ.Client;

namespace Copilot.ChatApi.Telemetry;

public static class TurnPipelineMetricsExtensions
{
    /// <summary>
    /// The turn pipeline's gauges and their sampler. Needs Redis (<c>IConnectionMultiplexer</c>) and an AMQP
    /// <see cref="IConnection"/> (Aspire's <c>AddRabbitMQClient</c>, registered by <c>AddCopilotMessaging</c>); the connection
    /// is only resolved by the sampler, in the background.
    /// </summary>
    public static IHostApplicationBuilder AddTurnPipelineMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TurnPipelineOptions>()
            .BindConfiguration(TurnPipelineOptions.SectionName)
            .PostConfigure(options =>
            {
                if (options.Queues.Count == 0)
                {
                    options.Queues.AddRange(TurnPipelineOptions.DefaultQueues);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TurnPipelineMetrics>();
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<TurnPipelineSampler>(
            services, new Func<IConnection>(services.GetRequiredService<IConnection>)));
        builder.Services.AddHostedService(services => services.GetRequiredService<TurnPipelineSampler>());
        return builder;
    }
}
