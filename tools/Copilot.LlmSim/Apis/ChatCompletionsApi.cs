using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Copilot.LlmSim.Metering;
using Copilot.LlmSim.Protocol;
using Copilot.LlmSim.Responses;
using Copilot.LlmSim.Scenarios;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Copilot.LlmSim.Apis;

/// <summary>The OpenAI-compatible surface OpenRouter clients call. Authorization is never checked: any bearer will do.</summary>
public static class ChatCompletionsApi
{
    private const string GenerationIdPrefix = "gen-sim-";

    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1");
        api.MapPost("/chat/completions", CreateChatCompletion);
        api.MapGet("/models", ListModels);
        return app;
    }

    public static async Task<IResult> CreateChatCompletion(HttpContext context, IOptions<LlmSimOptions> options, TimeProvider time)
    {
        var received = time.GetUtcNow();
        var cancellationToken = context.RequestAborted;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, cancellationToken);
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);

        ChatCompletionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ChatCompletionRequest>(bytes.Span, SimJson.Options);
        }
        catch (JsonException exception)
        {
            return Error(StatusCodes.Status400BadRequest, $"We could not parse the JSON body of your request: {exception.Message}");
        }

        if (request?.Messages is not { Count: > 0 } messages || messages.Any(message => message is null))
        {
            return Error(StatusCodes.Status400BadRequest, "'messages' must be a non-empty array of message objects.");
        }

        if (request.MaxTokens is < 1)
        {
            return Error(StatusCodes.Status400BadRequest, "'max_tokens' must be at least 1.");
        }

        var settings = options.Value;
        var conversation = Conversation.From(request);
        ScenarioPlan plan;
        try
        {
            plan = ScenarioPlan.For(conversation, settings);
        }
        catch (InvalidMarkerException exception)
        {
            return Error(StatusCodes.Status400BadRequest, exception.Message);
        }

        if (ThinkingBlocks.Violation(request, plan) is { } violation)
        {
            return TypedResults.Json(OpenAiError.FromProvider(StatusCodes.Status400BadRequest, violation, Generation.Provider), SimJson.Options,
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (plan.HttpErrorStatus is { } status)
        {
            return Error(status, $"Simulated HTTP {status} error.");
        }

        // Hashing the body makes ids reproducible for the same request and distinct across tool rounds.
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes.Span))[..24];
        var generation = new Generation(
            GenerationIdPrefix + hash,
            time.GetUtcNow().ToUnixTimeSeconds(),
            string.IsNullOrWhiteSpace(request.Model) ? settings.Models[0] : request.Model);
        var events = OutputLimit.Apply(ScenarioEngine.Generate(conversation, plan, hash[..16]), request.MaxTokens);
        var usage = UsageCalculator.Calculate(request, events, plan.Cost, settings);
        context.Response.Headers["X-Generation-Id"] = generation.Id;

        return request.Stream
            ? new ChatCompletionStream(generation, plan, events, usage, received, time)
            : await CompleteAsync(generation, plan, events, usage, cancellationToken);
    }

    public static Ok<ModelList> ListModels(IOptions<LlmSimOptions> options)
    {
        var settings = options.Value;
        var pricing = new ModelPricing(PerToken(settings.CostPerMillionPromptTokensUsd), PerToken(settings.CostPerMillionCompletionTokensUsd));
        return TypedResults.Ok(new ModelList(
            "list",
            [.. settings.Models.Select(model => new ModelInfo(model, "model", 0, Generation.Provider, $"{model} (simulated)", pricing))]));
    }

    /// <summary>A non-streamed answer takes as long as the stream would have, so latency tests see the same timing.</summary>
    private static async Task<IResult> CompleteAsync(
        Generation generation, ScenarioPlan plan, IReadOnlyList<SimEvent> events, Usage usage, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(
                TimeSpan.FromMilliseconds(plan.TimeToFirstTokenMs + (double)plan.InterTokenDelayMs * (events.Count - 1)),
                cancellationToken);
            if (events.Any(simEvent => simEvent is HangUntilDisconnect))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Empty;
        }

        return events.OfType<ProviderError>().FirstOrDefault() is { } error
            ? Error(error.Code, error.Message)
            : TypedResults.Json(CompletionAssembler.Assemble(generation, events, usage), SimJson.Options);
    }

    private static IResult Error(int status, string message) =>
        TypedResults.Json(OpenAiError.For(status, message), SimJson.Options, statusCode: status);

    private static string PerToken(decimal perMillion) => (perMillion / 1_000_000m).ToString(CultureInfo.InvariantCulture);
}
