using System.Diagnostics.Metrics;
using System.Reflection;
using Copilot.ChatApi.Apis;
using Copilot.Contracts;
using Copilot.ServiceDefaults.Telemetry;
using MassTransit;

namespace Copilot.ChatApi.Telemetry;

/// <summary>
/// chat-api's instruments on the service meter (<c>Copilot.ChatApi</c>): turns handed to the executors and follow-ups
/// queued for a running turn. Observed from the outside (a send observer, the stream endpoint's responses), so the
/// turn code itself carries no metrics calls. Open SSE streams and 429s are counted by ServiceDefaults for every service.
/// </summary>
public sealed class ChatApiMetrics
{
    public ChatApiMetrics(ServiceMeter meter)
    {
        TurnsStarted = meter.Meter.CreateCounter<long>(
            "copilot.turns.started", "{turn}", "Turns sent to the executors (RunCopilotTurn), by origin.");
        FollowUpsQueued = meter.Meter.CreateCounter<long>(
            "copilot.turns.queued_messages", "{message}", "Messages queued as follow-ups of a running turn (202 from POST …/stream).");
    }

    public Counter<long> TurnsStarted { get; }

    public Counter<long> FollowUpsQueued { get; }
}

public static class ChatApiMetricsExtensions
{
    public static IHostApplicationBuilder AddChatApiMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChatApiMetrics>();
        builder.Services.AddSendObserver<TurnSendObserver>();
        builder.Services.AddTransient<IStartupFilter, FollowUpCounting>();
        builder.AddTurnPipelineMetrics();
        return builder;
    }

    /// <summary>Counts a turn once the broker took its RunCopilotTurn (a failed send started nothing).</summary>
    private sealed class TurnSendObserver(ChatApiMetrics metrics) : ISendObserver
    {
        public Task PreSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;

        public Task PostSend<T>(SendContext<T> context) where T : class
        {
            if (context.Message is RunCopilotTurn turn)
            {
                metrics.TurnsStarted.Add(1, new KeyValuePair<string, object?>("origin", OriginKind(turn.Origin)));
            }

            return Task.CompletedTask;
        }

        public Task SendFault<T>(SendContext<T> context, Exception exception) where T : class => Task.CompletedTask;

        /// <summary><c>sub:&lt;parent&gt;</c> would make one series per parent session; the kind is what matters.</summary>
        private static string OriginKind(string origin) => origin.Split(':', 2)[0];
    }

    /// <summary>A 202 from the start-or-queue endpoint is a message queued for the running turn.</summary>
    private sealed class FollowUpCounting(ChatApiMetrics metrics) : IStartupFilter
    {
        private static readonly MethodInfo StartOrQueue = typeof(StreamApi).GetMethod(nameof(StreamApi.StartOrQueue))!;

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                await nextMiddleware(context);
                if (context.Response.StatusCode == StatusCodes.Status202Accepted
                    && context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() == StartOrQueue)
                {
                    metrics.FollowUpsQueued.Add(1);
                }
            });
            next(app);
        };
    }
}
