using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Copilot.LlmSim.UnitTests.Apis;

/// <summary>Builds chat-completions bodies the way an OpenAI client would send them.</summary>
internal static class ChatRequests
{
    public const string CompletionsPath = "/v1/chat/completions";
    public const string Model = "test/model";

    public static JsonObject Body(bool stream, params JsonNode[] messages) =>
        new() { ["model"] = Model, ["stream"] = stream, ["messages"] = new JsonArray([.. messages.Select(message => message.DeepClone())]) };

    public static JsonObject User(string text) => new() { ["role"] = "user", ["content"] = text };

    public static JsonObject AssistantCalling(string id, string name, string arguments = "{}") => new()
    {
        ["role"] = "assistant",
        ["content"] = null,
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
        }),
    };

    public static JsonObject ToolResult(string callId, string content) =>
        new() { ["role"] = "tool", ["tool_call_id"] = callId, ["content"] = content };

    public static async Task<SseResponse> StreamAsync(this HttpClient client, params JsonNode[] messages) =>
        await client.StreamBodyAsync(Body(stream: true, messages));

    public static async Task<SseResponse> StreamBodyAsync(this HttpClient client, JsonObject body)
    {
        using var response = await client.PostAsJsonAsync(CompletionsPath, body);
        return new SseResponse(response, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(HttpResponseMessage Response, JsonNode Body)> CompleteAsync(this HttpClient client, params JsonNode[] messages)
    {
        var response = await client.PostAsJsonAsync(CompletionsPath, Body(stream: false, messages));
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
