using MassTransit;

namespace Copilot.ChatApi.Sessions;

public sealed class SessionTokenTotalsConsumerDefinition : ConsumerDefinition<SessionTokenTotalsConsumer>
{
    // Its own queue: usage and chat-api each need every LlmUsageRecorded.
    public SessionTokenTotalsConsumerDefinition() => EndpointName = "chat-session-token-totals";

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SessionTokenTotalsConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1_000, 5_000, 15_000));
}
