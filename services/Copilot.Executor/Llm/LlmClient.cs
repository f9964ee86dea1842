using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Llm;

/// <summary>Streams chat completions from any OpenAI-compatible endpoint, decoding OpenRouter's extensions.</summary>
public sealed partial class LlmClient(HttpClient http, IOptions<LlmOptions> options, ILogger<LlmClient> logger)
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

        using var response = await SendAsync(message, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);

        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
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
                yield return decoded;
            }

            if (malformedReasoning)
            {
                LogMalformedReasoning(item.Data.Length > 500 ? item.Data[..500] : item.Data);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new LlmProviderException("The model provider could not be reached.", exception);
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
