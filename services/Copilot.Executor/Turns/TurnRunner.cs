using System.Text;
using Copilot.Chat.Data;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Copilot.Executor.Llm;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

/// <summary>
/// Runs one turn: streams the model, writes every chunk to the turn's Redis stream, persists each finished message,
/// reports real cost per model call, and ends the turn exactly once.
/// </summary>
public sealed partial class TurnRunner(
    ChatHistory history,
    TurnContextLoader contextLoader,
    StreamRegistry registry,
    LlmClient llm,
    IPublishEndpoint publish,
    IOptions<LlmOptions> llmOptions,
    IOptions<ExecutorOptions> executorOptions,
    TimeProvider time,
    ILogger<TurnRunner> logger)
{
    public const string ProviderErrorText = "The AI provider failed to respond. Please try again.";
    public const string UnexpectedErrorText = "An unexpected error occurred while running this turn. Please try again.";

    /// <param name="cancellationToken">Stops the turn for any reason (Stop, lost lease, shutdown).</param>
    /// <param name="stoppedByUser">Set when the cancellation is the user's Stop, which ends the turn here.</param>
    public async Task<TurnResult> RunAsync(RunCopilotTurn turn, CancellationToken cancellationToken, CancellationToken stoppedByUser)
    {
        var writer = UiStreamWriter.ForTurn(registry, turn.SessionId, turn.TurnId);
        var model = llmOptions.Value.ModelFor(turn.ModelTier);
        var response = new StringBuilder();
        var usage = TokenUsage.None;
        long cost = 0;
        string? error = null;
        try
        {
            await writer.StartAsync(turn.TurnId);
            var context = await contextLoader.LoadAsync(turn.SessionId, executorOptions.Value.SystemPrompt, cancellationToken);

            await writer.StartStepAsync();
            var round = new ModelRound(turn.TurnId);
            try
            {
                await StreamRoundAsync(writer, round, new LlmRequest(model, context, Tools: null,
                    llmOptions.Value.MaxThinkingTokens, llmOptions.Value.PromptCacheTtl), cancellationToken);
            }
            finally
            {
                await writer.FinishStepAsync();
                await history.AppendAsync(turn.SessionId, round.CompletedRows(), CancellationToken.None);
            }

            response.Append(round.Text);
            usage = usage.Add(round.Usage);
            cost += await ReportCostAsync(turn, model, round);
        }
        catch (TurnFencedException)
        {
            LogFenced(turn.SessionId, turn.TurnId);
            return new TurnResult(TurnOutcome.Cancelled, response.ToString(), [], usage, cost, "Turn ended elsewhere.");
        }
        catch (LlmProviderException exception)
        {
            LogProviderFailed(exception, turn.SessionId, turn.TurnId);
            error = ProviderErrorText;
        }
        catch (OperationCanceledException) when (stoppedByUser.IsCancellationRequested)
        {
            LogStopped(turn.SessionId, turn.TurnId);
            await history.AppendAsync(turn.SessionId,
                [new ChatMessage { Role = ChatRoles.Assistant, Content = ChatMarkers.StoppedByUser, TurnId = turn.TurnId }],
                CancellationToken.None);
            await registry.MarkStoppedAsync(turn.SessionId, turn.TurnId);
            return new TurnResult(TurnOutcome.Cancelled, response.ToString(), [], usage, cost, "Stopped by user");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogTurnCrashed(exception, turn.SessionId, turn.TurnId);
            error = UnexpectedErrorText;
        }

        await registry.MarkCompletedAsync(turn.SessionId, turn.TurnId, error);
        return new TurnResult(error is null ? TurnOutcome.Completed : TurnOutcome.Failed, response.ToString(), [], usage, cost, error);
    }

    private async Task StreamRoundAsync(UiStreamWriter writer, ModelRound round, LlmRequest request, CancellationToken cancellationToken)
    {
        await foreach (var streamEvent in llm.StreamAsync(request, cancellationToken))
        {
            switch (streamEvent)
            {
                case LlmReasoningDelta reasoning:
                    round.AddReasoning(await writer.ReasoningDeltaAsync(reasoning.Text), reasoning.Text);
                    break;
                case LlmTextDelta text:
                    await writer.TextDeltaAsync(text.Text);
                    round.AddText(text.Text);
                    break;
                case LlmUsage reported:
                    round.Usage = reported.Tokens;
                    round.CostUsd = reported.CostUsd;
                    break;
                case LlmProviderError providerError:
                    throw new LlmProviderException(providerError.Message);
            }
        }
    }

    private async Task<long> ReportCostAsync(RunCopilotTurn turn, string model, ModelRound round)
    {
        if (round.CostUsd is not { } usd)
        {
            // Never estimate: an unknown cost is charged as nothing and flagged for operators.
            LogMissingCost(turn.SessionId, turn.TurnId, model);
            return 0;
        }

        var microdollars = (long)Math.Round(usd * 1_000_000m, MidpointRounding.AwayFromZero);
        await publish.Publish(new LlmUsageRecorded(Guid.NewGuid(), turn.UserId, turn.SessionId, turn.TurnId, model,
            round.Usage, microdollars, time.GetUtcNow()));
        return microdollars;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} of session {SessionId} stopped by the user")]
    private partial void LogStopped(Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} of session {SessionId} was ended elsewhere; stopping")]
    private partial void LogFenced(Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model call failed in turn {TurnId} of session {SessionId}")]
    private partial void LogProviderFailed(Exception exception, Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} of session {SessionId} failed unexpectedly")]
    private partial void LogTurnCrashed(Exception exception, Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "No usable cost reported for a {Model} call in turn {TurnId} of session {SessionId}; nothing charged")]
    private partial void LogMissingCost(Guid sessionId, Guid turnId, string model);
}
