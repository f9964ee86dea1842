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
    /// broker's own health check and RabbitMQ.Client's traces (MassTransit's publishes and deliveries included).
    /// </summary>
    public static IHostApplicationBuilder AddCopilotMessaging(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is not configured.");
        var uri = new Uri(connectionString);

        // MassTransit keeps its own transport (it reconnects forever); the client's connection is only opened when
        // the health check first asks for it, so a broker that is down at startup delays nothing and crashes nothing.
        builder.AddRabbitMQClient(ConnectionName, settings => settings.DisableAutoActivation = true);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(uri);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
