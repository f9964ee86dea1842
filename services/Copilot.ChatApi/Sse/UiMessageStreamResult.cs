using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Unicode;
using Copilot.Chat.Streaming;
using Microsoft.AspNetCore.Http.Features;

namespace Copilot.ChatApi.Sse;

/// <summary>
/// Streams a turn to the client in the AI SDK v5 UI message stream protocol: one <c>id:</c>/<c>data:</c> event per
/// chunk (the id is the Redis stream entry id, so <c>Last-Event-ID</c> resumes exactly), a comment heartbeat after
/// <see cref="HeartbeatInterval"/> of silence, and <c>data: [DONE]</c> last — unless this replica is shutting down:
/// then the connection is cut without an end, so the client resumes from its <c>Last-Event-ID</c> on another replica
/// instead of holding the shutdown up. A client disconnect only stops this response; the turn keeps running.
/// </summary>
public sealed partial class UiMessageStreamResult(Guid sessionId, Guid? turnId, StreamEntryId after) : IResult
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>The turn this response streams; none when there was nothing to attach to.</summary>
    public Guid? TurnId => turnId;

    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();
    private static readonly string FinishJson = new FinishChunk().ToJson();
    private static readonly string StreamErrorJson = new ErrorChunk("An error occurred. Please try again.").ToJson();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers["x-vercel-ai-ui-message-stream"] = "v1";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var stopping = httpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        var cancellationToken = streaming.Token;
        var logger = httpContext.RequestServices.GetRequiredService<ILogger<UiMessageStreamResult>>();
        var finished = false;
        try
        {
            await response.StartAsync(cancellationToken);
            if (turnId is { } id)
            {
                var reader = httpContext.RequestServices.GetRequiredService<TurnStreamReader>();
                finished = await PumpAsync(response, reader.ReadAsync(sessionId, id, after, cancellationToken), cancellationToken);
            }

            if (!finished)
            {
                // Nothing to attach to, or the turn vanished without its finish chunk: the client still gets a
                // well-formed end of stream.
                await WriteEventAsync(response, FinishJson, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                LogClientDisconnected(logger, turnId);
            }
            else
            {
                LogHandedToAnotherReplica(logger, turnId);
                httpContext.Abort();
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogStreamFailed(logger, exception, turnId);
            await WriteEventAsync(response, StreamErrorJson, CancellationToken.None);
            await WriteEventAsync(response, FinishJson, CancellationToken.None);
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                response.BodyWriter.Write(Done);
                await response.BodyWriter.FlushAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Copies entries to the response until the stream ends; returns whether the finish chunk was among them. Entries
    /// that are already waiting (a backlog after a stall, a resumed history) go out in one flush; a lone entry is
    /// flushed at once, so coalescing never holds a chunk back.
    /// </summary>
    private static async Task<bool> PumpAsync(HttpResponse response, IAsyncEnumerable<StreamEntry> entries, CancellationToken cancellationToken)
    {
        var body = response.BodyWriter;
        var enumerator = entries.GetAsyncEnumerator(cancellationToken);
        // A MoveNext that completed at once costs no allocation here: AsTask returns the cached true/false task.
        var moveNext = enumerator.MoveNextAsync().AsTask();
        try
        {
            var lastWrite = DateTime.UtcNow;
            var unflushed = false;
            // One timer per heartbeat period, not one per chunk: when it fires early (chunks kept flowing) it is
            // re-armed for the remainder of the quiet period.
            var heartbeat = Task.Delay(HeartbeatInterval, cancellationToken);
            while (true)
            {
                if (!moveNext.IsCompleted)
                {
                    // Nothing else is waiting: what was written goes out now, before this waits for more.
                    if (unflushed)
                    {
                        await body.FlushAsync(cancellationToken);
                        unflushed = false;
                    }

                    if (await Task.WhenAny(moveNext, heartbeat) == heartbeat)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var quiet = DateTime.UtcNow - lastWrite;
                        if (quiet >= HeartbeatInterval)
                        {
                            body.Write(Heartbeat);
                            await body.FlushAsync(cancellationToken);
                            lastWrite = DateTime.UtcNow;
                            quiet = TimeSpan.Zero;
                        }

                        heartbeat = Task.Delay(HeartbeatInterval - quiet, cancellationToken);
                        continue;
                    }
                }

                if (!await moveNext)
                {
                    return false;
                }

                var entry = enumerator.Current;
                WriteEvent(body, entry.Id, entry.Json);
                if (UiChunkJson.IsFinish(entry.Json))
                {
                    await body.FlushAsync(cancellationToken);
                    return true;
                }

                unflushed = true;
                lastWrite = DateTime.UtcNow;
                moveNext = enumerator.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNext is in flight; let it observe the cancellation first.
            await moveNext.ContinueWith(static _ => { }, TaskScheduler.Default);
            await enumerator.DisposeAsync();
        }
    }

    /// <summary>One SSE event, encoded straight into the response's pipe (no intermediate string per chunk).</summary>
    private static void WriteEvent(PipeWriter body, StreamEntryId? id, string json)
    {
        if (id is { } entryId)
        {
            body.Write("id: "u8);
            // Two longs and a dash: at most 40 bytes.
            var span = body.GetSpan(48);
            if (!Utf8.TryWrite(span, CultureInfo.InvariantCulture, $"{entryId.Milliseconds}-{entryId.Sequence}\n", out var written))
            {
                throw new UnreachableException("A stream entry id did not fit its buffer.");
            }

            body.Advance(written);
        }

        body.Write("data: "u8);
        Encoding.UTF8.GetBytes(json, body);
        body.Write("\n\n"u8);
    }

    /// <summary>An event of this response's own (no stream entry behind it, so no id), sent at once.</summary>
    private static async Task WriteEventAsync(HttpResponse response, string json, CancellationToken cancellationToken)
    {
        WriteEvent(response.BodyWriter, null, json);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Client left the stream of turn {TurnId}; the turn keeps running")]
    private static partial void LogClientDisconnected(ILogger logger, Guid? turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: cut the stream of turn {TurnId} so its client resumes on another replica")]
    private static partial void LogHandedToAnotherReplica(ILogger logger, Guid? turnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Streaming turn {TurnId} failed")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception, Guid? turnId);
}
