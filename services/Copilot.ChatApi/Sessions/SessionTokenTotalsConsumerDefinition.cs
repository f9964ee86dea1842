using MassTransit;

namespace Copilot.ChatApi.Sessions;

public sealed class SessionTokenTotalsConsumerDefinition : ConsumerDefinition<SessionTokenTotalsConsumer>
{
    // Its own queue: usage and chat-api each need every LlmUsageRecorded.
    public SessionTokenTotalsConsumerDefinition() => EndpointName = "chat-session-token-totals";

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SessionTokenTotalsConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1_000, 5_000, 15_000));
        // The totals are a display: a fifth of a second of delay is invisible, and at 20 turns/s it gathers the calls
        // of several turns into one statement.
        consumerConfigurator.Options<BatchOptions>(options => options
            .SetMessageLimit(100)
            .SetTimeLimit(TimeSpan.FromMilliseconds(200))
            .SetConcurrencyLimit(1));
    }
}
