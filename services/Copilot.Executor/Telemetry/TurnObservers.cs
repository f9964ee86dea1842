using Copilot.Contracts;
using MassTransit;

namespace Copilot.Executor.Telemetry;

/// <summary>Turn metrics from the bus: a consume observer around RunCopilotTurn and a publish observer for CopilotTurnCompleted.</summary>
public static class TurnObservers
{
    public static IHostApplicationBuilder AddExecutorMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ExecutorMetrics>();
        builder.Services.AddConsumeObserver<ActiveTurnObserver>();
        builder.Services.AddPublishObserver<TurnEndObserver>();
        return builder;
    }

    /// <summary>Every PreConsume is matched by exactly one PostConsume or ConsumeFault, so the count cannot drift.</summary>
    private sealed class ActiveTurnObserver(ExecutorMetrics metrics) : IConsumeObserver
    {
        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Track<T>(+1);

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Track<T>(-1);

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Track<T>(-1);

        private Task Track<T>(int delta)
        {
            if (typeof(T) == typeof(RunCopilotTurn))
            {
                metrics.ActiveTurns.Add(delta);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>CopilotTurnCompleted is published exactly once per ended turn, after the broker accepted it.</summary>
    private sealed class TurnEndObserver(ExecutorMetrics metrics) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            if (context.Message is CopilotTurnCompleted completed)
            {
                metrics.TurnEnded(completed);
            }

            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
