using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Copilot.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// MassTransit over RabbitMQ from Aspire's <c>ConnectionStrings:rabbitmq</c> (an amqp:// URI, vhost included),
    /// kebab-case endpoint names, and the bus health check in <c>/health</c>; plus Aspire's RabbitMQ client for the
    /// broker's own health check and RabbitMQ.Client's activity sources.
    /// </summary>
    public static IHostApplicationBuilder AddCopilotMessaging(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is not configured.");
        var uri = new Uri(connectionString);

        // MassTransit keeps its own transport (it reconnects forever). The client's connection is opened when a health
        // check first asks for it, not at startup, so a broker that is down then delays and crashes nothing; each check
        // makes one attempt (the integration's own retries would hold a /health request for ~30 s) and, once
        // connected, RabbitMQ.Client's automatic recovery takes over.
        builder.AddRabbitMQClient(ConnectionName, settings =>
        {
            settings.DisableAutoActivation = true;
            settings.MaxConnectRetryCount = 0;
        });

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit otherwise reports the bus's shape to its vendor over the internet some minutes after start;
            // a service sends nothing anywhere it was not configured to. MASSTRANSIT_USAGE_TELEMETRY=true still opts in.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(uri);
                rabbit.ConfigureEndpoints(context);
            });
        });

        // A stopping service hands unfinished work back rather than being killed with it: after a short grace its
        // consumers' tokens are cancelled, so their messages go back to the queue (a turn is then ended as
        // interrupted by the worker that receives it again), and the bus stop is bounded within the host's own.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.ConsumerStopTimeout = TimeSpan.FromSeconds(1);
            options.StopTimeout = TimeSpan.FromSeconds(3);
        });
        return builder;
    }
}
