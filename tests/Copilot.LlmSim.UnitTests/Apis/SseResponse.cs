using System.Net;
using System.Text.Json.Nodes;

namespace Copilot.LlmSim.UnitTests.Apis;

/// <summary>A finished SSE response split the way a spec-following client reads it.</summary>
internal sealed class SseResponse
{
    public SseResponse(HttpResponseMessage response, string raw)
    {
        StatusCode = response.StatusCode;
        MediaType = response.Content.Headers.ContentType?.MediaType;
        Raw = raw;
        Events = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Data = [.. Events.Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e["data: ".Length..])];
        Chunks = [.. Data.Where(d => d != "[DONE]").Select(d => JsonNode.Parse(d)!.AsObject())];
    }

    public HttpStatusCode StatusCode { get; }

    public string? MediaType { get; }

    public string Raw { get; }

    public IReadOnlyList<string> Events { get; }

    public IReadOnlyList<string> Data { get; }

    public IReadOnlyList<JsonObject> Chunks { get; }

    public IEnumerable<JsonObject> Deltas => Chunks
        .Select(chunk => chunk["choices"]!.AsArray())
        .Where(choices => choices.Count > 0)
        .Select(choices => choices[0]!["delta"]!.AsObject());

    public string Content => string.Concat(Deltas.Select(delta => (string?)delta["content"]));

    public IEnumerable<string?> FinishReasons => Chunks
        .Select(chunk => chunk["choices"]!.AsArray())
        .Where(choices => choices.Count > 0)
        .Select(choices => (string?)choices[0]!["finish_reason"])
        .Where(reason => reason is not null);

    public JsonObject UsageChunk => Chunks[^1];

    public JsonObject Usage => UsageChunk["usage"]!.AsObject();
}
