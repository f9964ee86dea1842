using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Copilot.Executor.Telemetry;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Llm;

/// <summary>Streams chat completions from any OpenAI-compatible endpoint, decoding OpenRouter's extensions.</summary>
public sealed partial class LlmClient(HttpClient http, IOptions<LlmOptions> options, ExecutorMetrics metrics, ILogger<LlmClient> logger)
{
    private readonly LlmOptions _options = options.Value;

    public async IAsyncEnumerable<LlmStreamEvent> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = new StringContent(ChatCompletionBody.Build(request).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        if (ChatCompletionBody.IsAnthropicModel(request.Model))
        {
            message.Headers.TryAddWithoutValidation("anthropic-beta", "prompt-caching-2024-07-31");
        }

        var sentAt = Stopwatch.GetTimestamp();
        var firstTokenSeen = false;

        // The idle guard is re-armed by every event: a long answer is fine, a silent connection is not.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_options.StreamIdleTimeout);
        using var response = await SendAsync(message, idle, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(idle.Token);

        await using var items = SseParser.Create(body).EnumerateAsync(idle.Token).GetAsyncEnumerator(idle.Token);
        while (await NextAsync(items, idle, cancellationToken))
        {
            var item = items.Current;
            idle.CancelAfter(_options.StreamIdleTimeout);
            if (item.Data == "[DONE]")
            {
                yield break;
            }

            if (item.Data.Length == 0 || item.Data[0] != '{')
            {
                continue;
            }

            using var chunk = JsonDocument.Parse(item.Data);
            var decodedEvents = ChunkDecoder.Decode(chunk.RootElement, out var malformedReasoning);
            foreach (var decoded in decodedEvents)
            {
                if (!firstTokenSeen && decoded is LlmTextDelta or LlmReasoningDelta or LlmToolCallDelta)
                {
                    firstTokenSeen = true;
                    metrics.FirstToken(request.Model, Stopwatch.GetElapsedTime(sentAt));
                }

                yield return decoded;
            }

            if (malformedReasoning)
            {
                LogMalformedReasoning(item.Data.Length > 500 ? item.Data[..500] : item.Data);
            }
        }
    }

    private static async Task<bool> NextAsync(IAsyncEnumerator<SseItem<string>> items, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        try
        {
            return await items.MoveNextAsync();
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new LlmProviderException("The model provider stopped responding.");
        }
        catch (IOException exception)
        {
            throw new LlmProviderException("The connection to the model provider was lost.", exception);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, idle.Token);
        }
        catch (HttpRequestException exception)
        {
            throw new LlmProviderException("The model provider could not be reached.", exception);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new LlmProviderException("The model provider did not answer in time.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        LogProviderRefused((int)response.StatusCode, detail.Length > 500 ? detail[..500] : detail);
        response.Dispose();
        throw new LlmProviderException($"The model provider returned an error ({(int)response.StatusCode}).");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping malformed OpenRouter reasoning payload: {Chunk}")]
    private partial void LogMalformedReasoning(string chunk);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model provider answered {StatusCode}: {Detail}")]
    private partial void LogProviderRefused(int statusCode, string detail);
}
