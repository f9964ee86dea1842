using System.Buffers;
using System.Text.Json;
using Copilot.LlmSim.Protocol;
using Copilot.LlmSim.Scenarios;
using Microsoft.AspNetCore.Http.Features;

namespace Copilot.LlmSim.Responses;

/// <summary>Writes a generation as OpenRouter's SSE stream, paced like a real model and flushed chunk by chunk.</summary>
/// <param name="received">When the request arrived; stamped into text deltas with <c>[sim:stamp]</c>.</param>
public sealed class ChatCompletionStream(
    Generation generation, ScenarioPlan plan, IReadOnlyList<SimEvent> events, Usage usage, DateTimeOffset received, TimeProvider time)
    : IResult
{
    private static readonly byte[] ProcessingComment = ": OPENROUTER PROCESSING\n\n"u8.ToArray();
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) would otherwise hold tokens back and defeat the pacing under test.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();

        try
        {
            // Like OpenRouter, confirm the request while the "provider" is still thinking.
            await WriteAsync(response, ProcessingComment, cancellationToken);
            await Task.Delay(plan.TimeToFirstTokenMs, cancellationToken);
            await WriteChunkAsync(response, generation.RoleChunk(), cancellationToken);

            var textDeltas = 0;
            for (var index = 0; index < events.Count; index++)
            {
                if (index > 0)
                {
                    await Task.Delay(plan.InterTokenDelayMs, cancellationToken);
                }

                switch (events[index])
                {
                    case HangUntilDisconnect:
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                        break;
                    case ProviderError error:
                        await WriteChunkAsync(response, generation.ChunkFor(error), cancellationToken);
                        await WriteAsync(response, Done, cancellationToken);
                        return;
                    case TextDelta text when plan.Stamp:
                        // Stamped as late as possible: the emit time is the moment the chunk goes to the socket.
                        var stamp = TimingStamp.Format(textDeltas++, received, time.GetUtcNow());
                        await WriteChunkAsync(response, generation.ChunkFor(text with { Text = stamp + text.Text }), cancellationToken);
                        break;
                    case var simEvent:
                        await WriteChunkAsync(response, generation.ChunkFor(simEvent), cancellationToken);
                        break;
                }
            }

            await WriteChunkAsync(response, generation.UsageChunk(usage), cancellationToken);
            await WriteAsync(response, Done, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; stopping is the whole point, and there is nobody left to tell.
        }
    }

    private static async Task WriteChunkAsync(HttpResponse response, ChatCompletionChunk chunk, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        writer.Write(DataPrefix);
        writer.Write(JsonSerializer.SerializeToUtf8Bytes(chunk, SimJson.Options));
        writer.Write(EventEnd);
        await writer.FlushAsync(cancellationToken);
    }

    private static async Task WriteAsync(HttpResponse response, byte[] bytes, CancellationToken cancellationToken) =>
        await response.BodyWriter.WriteAsync(bytes, cancellationToken);
}
