using System.Text;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using Copilot.Executor.Llm;
using Copilot.Executor.Prompts;
using Copilot.Executor.Titles;
using Copilot.Executor.Tools;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

/// <summary>How a turn may be interrupted, and who owns its output.</summary>
/// <param name="Cancellation">Stops the turn for any reason (Stop, lost lease, shutdown).</param>
/// <param name="StoppedByUser">Set when the cancellation is the user's Stop, which ends the turn here.</param>
/// <param name="Owner">The lease token this worker writes under (see <see cref="TurnStore.ClaimTurnAsync"/>).</param>
public sealed record TurnControl(CancellationToken Cancellation, CancellationToken StoppedByUser, string Owner);

/// <summary>
/// Runs one turn: the model/tool loop, every chunk to the turn's Redis stream, each finished message to the chat
/// database, and real cost per model call.
/// </summary>
public sealed partial class TurnRunner(
    ChatHistory history,
    TurnContextLoader contextLoader,
    SystemPrompt systemPrompt,
    SessionTitler titler,
    TurnStore turns,
    LlmClient llm,
    ToolRegistry tools,
    ToolRunner toolRunner,
    FollowUpDelivery followUps,
    CostReporter costs,
    RoundAdmission rounds,
    IOptions<LlmOptions> llmOptions,
    IOptions<ExecutorOptions> executorOptions,
    TimeProvider time,
    ILogger<TurnRunner> logger)
{
    public const string ProviderErrorText = "The AI provider failed to respond. Please try again.";
    public const string UnexpectedErrorText = "An unexpected error occurred while running this turn. Please try again.";
    public const string ClosingLine = "(Done — no further commentary.)";

    /// <summary>Runs the turn and says how it ended; ending it is the caller's (<see cref="TurnEnder"/>).</summary>
    public async Task<TurnEnding> RunAsync(RunCopilotTurn turn, TurnControl control)
    {
        var started = time.GetTimestamp();
        var writer = new UiStreamWriter(chunk => turns.PublishAsync(turn.SessionId, turn.TurnId, chunk, control.Owner));
        var state = new TurnState(llmOptions.Value.ModelFor(turn.ModelTier));
        TurnEnding ending;
        try
        {
            await writer.StartAsync(turn.TurnId);
            await RunLoopAsync(turn, writer, state, control.Cancellation);
            ending = TurnEnding.Completed();
        }
        catch (TurnFencedException)
        {
            LogFenced(turn.SessionId, turn.TurnId);
            ending = TurnEnding.EndedElsewhere();
        }
        catch (OperationCanceledException) when (control.StoppedByUser.IsCancellationRequested)
        {
            LogStopped(turn.SessionId, turn.TurnId);
            ending = TurnEnding.StoppedByUser();
        }
        catch (UsageLimitReachedException exception)
        {
            // Not a crash: the turn ends like any failed one, its error being the usage limit text.
            ending = TurnEnding.Failed(exception.Message);
        }
        catch (LlmProviderException exception)
        {
            LogProviderFailed(exception, turn.SessionId, turn.TurnId);
            ending = TurnEnding.Failed(ProviderErrorText);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogTurnCrashed(exception, turn.SessionId, turn.TurnId);
            ending = TurnEnding.Failed(UnexpectedErrorText);
        }

        return ending with { Owner = control.Owner, Report = state.Report(time.GetElapsedTime(started)) };
    }

    private async Task RunLoopAsync(RunCopilotTurn turn, UiStreamWriter writer, TurnState state, CancellationToken cancellationToken)
    {
        var options = llmOptions.Value;
        var title = titler.Begin(turn, costs);
        var allowed = tools.Allowed(turn.Permissions);
        // The first round's usage check (a call to another service) runs while the context loads. Its answer is only
        // acted on once the load is done, so follow-ups drained into this turn are stored before a refusal ends it.
        var firstCheck = rounds.EnsureAsync(turn, 1, cancellationToken);
        var context = await contextLoader.LoadAsync(turn, systemPrompt.For(allowed), writer, cancellationToken);
        var schemas = allowed.Count == 0 ? null : ToolRegistry.Schemas(allowed);
        if (schemas is not null && ChatCompletionBody.IsAnthropicModel(state.Model))
        {
            // Marked once per turn so every round reuses the same cached tool block.
            schemas = ChatCompletionBody.WithCachedTools(schemas, options.PromptCacheTtl);
        }

        var price = options.PriceFor(turn.ModelTier);
        var schemaTokens = schemas is null ? 0 : schemas.ToJsonString().Length / 4;
        for (var roundNumber = 1; roundNumber <= executorOptions.Value.MaxModelRounds; roundNumber++)
        {
            var remaining = roundNumber == 1 ? await FirstRoundCheckAsync(turn, firstCheck, cancellationToken)
                : await rounds.EnsureAsync(turn, roundNumber, cancellationToken);
            var limit = RoundOutputLimit.For(remaining, ContextCompactor.EstimateTokens(context) + schemaTokens, price, options, options.ThinkingTokensFor(turn.Mode));
            var round = new ModelRound(turn.TurnId);
            var reasoning = new ReasoningRowWriter(history, time, turn.SessionId, turn.TurnId);
            await writer.StartStepAsync();
            try
            {
                await StreamRoundAsync(writer, round, reasoning,
                    new LlmRequest(state.Model, context, schemas, limit.ThinkingTokens, options.PromptCacheTtl, limit.MaxTokens), cancellationToken);
            }
            finally
            {
                await writer.FinishStepAsync();
                await PersistRoundAsync(turn, round, reasoning);
            }

            await title.AnnounceIfReadyAsync(writer);

            state.Absorb(round, await costs.ReportAsync(turn, state.Model, round.Usage, round.CostUsd));
            if (round.FinishReason == LlmFinished.Length && limit.CappedByBudget)
            {
                // The budget cut this round short: end with the limit message rather than an answer that just stops
                // (or tool calls with cut arguments). Usage may still see budget left, when the input was estimated
                // high; then the turn goes on as usual.
                await rounds.EnsureAsync(turn, roundNumber + 1, cancellationToken);
            }

            if (round.ToolCalls.Count == 0)
            {
                break;
            }

            // The raw reasoning goes back within this turn only; the history keeps just the visible reasoning rows.
            context.Add(new LlmMessage(ChatRoles.Assistant, round.Text.Length > 0 ? round.Text : null, round.ToolCallsJson(),
                ReasoningDetailsJson: round.ReasoningDetails.ToJson()));
            await RunToolsAsync(turn, writer, state, round.ToolCalls, context,
                anotherRound: roundNumber < executorOptions.Value.MaxModelRounds, cancellationToken);
        }

        if (state.ToolsRan && !state.TextAfterLastTool)
        {
            // Every turn must end with visible text, or the UI looks frozen after the last tool step.
            await writer.StartStepAsync();
            await writer.TextDeltaAsync(ClosingLine);
            await writer.FinishStepAsync();
            await history.AppendAsync(turn.SessionId, [new ChatMessage { Role = ChatRoles.Assistant, Content = ClosingLine, TurnId = turn.TurnId }], CancellationToken.None);
            state.Response.Append(ClosingLine);
        }

        await title.AnnounceIfReadyAsync(writer);
    }

    /// <summary>
    /// The early check's answer, unless a model call was made while it ran (a compaction of the context, the title):
    /// usage then sees that call before the round, as every round's check does.
    /// </summary>
    private async Task<long?> FirstRoundCheckAsync(RunCopilotTurn turn, Task<long?> earlyCheck, CancellationToken cancellationToken)
    {
        var remaining = await earlyCheck;
        return costs.HasUnconfirmed ? await rounds.EnsureAsync(turn, 1, cancellationToken) : remaining;
    }

    private async Task StreamRoundAsync(UiStreamWriter writer, ModelRound round, ReasoningRowWriter reasoning, LlmRequest request,
        CancellationToken cancellationToken)
    {
        await foreach (var streamEvent in llm.StreamAsync(request, cancellationToken))
        {
            if (streamEvent is not (LlmReasoningDelta or LlmReasoningDetails) && reasoning.IsOpen)
            {
                await writer.CloseReasoningAsync();
                await reasoning.CloseAsync();
            }

            switch (streamEvent)
            {
                case LlmReasoningDelta delta:
                    await writer.ReasoningDeltaAsync(delta.Text);
                    await reasoning.AppendAsync(delta.Text);
                    break;
                case LlmReasoningDetails details:
                    round.ReasoningDetails.Add(details.Entries);
                    break;
                case LlmTextDelta text:
                    await writer.TextDeltaAsync(text.Text);
                    round.AppendText(text.Text);
                    break;
                case LlmToolCallDelta fragment:
                    var (call, started) = round.AddToolCallFragment(fragment.Index, fragment.Id, fragment.Name, fragment.ArgumentsDelta);
                    if (started)
                    {
                        await writer.CloseBlocksAsync();
                        await writer.PublishAsync(new ToolInputStartChunk(call.Id, call.Name));
                    }

                    if (!string.IsNullOrEmpty(fragment.ArgumentsDelta))
                    {
                        await writer.PublishAsync(new ToolInputDeltaChunk(call.Id, fragment.ArgumentsDelta));
                    }

                    break;
                case LlmFinished finished:
                    round.FinishReason = finished.FinishReason;
                    break;
                case LlmUsage usage:
                    (round.Usage, round.CostUsd) = (usage.Tokens, usage.CostUsd);
                    await writer.PublishAsync(UsageChunk(usage.Tokens));
                    break;
                case LlmProviderError providerError:
                    throw new LlmProviderException(providerError.Message);
            }
        }

        await writer.CloseBlocksAsync();
        foreach (var call in round.ToolCalls)
        {
            await writer.PublishAsync(new ToolInputAvailableChunk(call.Id, call.Name, call.ParsedArguments() ?? TurnState.EmptyObject));
        }
    }

    /// <summary>Token counts for callers waiting on the turn (sub-sessions, internal services); transient, so not part of the UI message.</summary>
    private static DataChunk UsageChunk(TokenUsage tokens) => new("usage", JsonSerializer.SerializeToElement(new
    {
        prompt_tokens = tokens.PromptTokens,
        completion_tokens = tokens.CompletionTokens,
        total_tokens = tokens.PromptTokens + tokens.CompletionTokens,
    }), Transient: true);

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} of session {SessionId} stopped by the user")]
    private partial void LogStopped(Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} of session {SessionId} was ended elsewhere; stopping")]
    private partial void LogFenced(Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model call failed in turn {TurnId} of session {SessionId}")]
    private partial void LogProviderFailed(Exception exception, Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} of session {SessionId} failed unexpectedly")]
    private partial void LogTurnCrashed(Exception exception, Guid sessionId, Guid turnId);
}
