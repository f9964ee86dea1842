using System.Net;
using System.Text.Json.Nodes;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

/// <summary>Anthropic refuses a tool loop's next round with thinking on unless the signed thinking blocks come back.</summary>
public sealed class ThinkingPassbackTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private const string Anthropic = "anthropic/claude-sonnet-4-6";
    private const string Marked = "[sim:reasoning=details][sim:tool=step] go";

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task A_tool_call_sent_back_without_its_reasoning_details_is_refused_with_anthropics_400()
    {
        var first = await client.StreamBodyAsync(Request(Anthropic, 1024, User(Marked)));

        var second = await client.StreamBodyAsync(Request(Anthropic, 1024, User(Marked), AssistantCalling(CallId(first), "step"), ToolResult(CallId(first), "one")));

        first.FinishReasons.Should().Equal("tool_calls");
        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = JsonNode.Parse(second.Raw)!["error"]!;
        error["code"]!.GetValue<int>().Should().Be(400);
        error["type"]!.GetValue<string>().Should().Be("invalid_request_error");
        error["message"]!.GetValue<string>().Should().Contain("Expected `thinking` or `redacted_thinking`, but found `tool_use`");
        JsonNode.Parse(error["metadata"]!["raw"]!.GetValue<string>())!["error"]!["message"]!.GetValue<string>()
            .Should().Be(error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_merged_signed_blocks_sent_back_unchanged_let_the_loop_continue()
    {
        var first = await client.StreamBodyAsync(Request(Anthropic, 1024, User(Marked)));
        var assistant = AssistantCalling(CallId(first), "step");
        assistant["reasoning_details"] = Merged(first);

        var second = await client.StreamBodyAsync(Request(Anthropic, 1024, User(Marked), assistant, ToolResult(CallId(first), "one")));

        second.StatusCode.Should().Be(HttpStatusCode.OK);
        second.Content.Should().Be("[simulated] Tool step returned: one");
    }

    [Fact]
    public async Task Fragments_sent_back_unmerged_fail_the_signature_check()
    {
        var first = await client.StreamBodyAsync(Request(Anthropic, 1024, User(Marked)));
        var assistant = AssistantCalling(CallId(first), "step");
        assistant["reasoning_details"] = new JsonArray([.. Entries(first).Select(entry => entry.DeepClone())]);

        var second = await client.StreamBodyAsync(Request(Anthropic, 1024, User(Marked), assistant, ToolResult(CallId(first), "one")));

        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonNode.Parse(second.Raw)!["error"]!["message"]!.GetValue<string>().Should().Contain("Invalid `signature` in `thinking` block");
    }

    [Theory]
    [InlineData("openai/gpt-4o", 1024, "[sim:reasoning=details][sim:tool=step] go")]
    [InlineData(Anthropic, 0, "[sim:reasoning=details][sim:tool=step] go")]
    [InlineData(Anthropic, 1024, "[sim:reasoning][sim:tool=step] go")]
    [InlineData(Anthropic, 1024, "[sim:tool=step] go")]
    public async Task Without_signed_reasoning_on_an_anthropic_route_tool_calls_need_nothing_back(string model, int budget, string text)
    {
        var second = await client.StreamBodyAsync(Request(model, budget, User(text), AssistantCalling("call_a", "step"), ToolResult("call_a", "one")));

        second.StatusCode.Should().Be(HttpStatusCode.OK);
        second.Content.Should().EndWith("Tool step returned: one");
    }

    [Fact]
    public async Task Tool_calls_of_earlier_turns_need_nothing_back()
    {
        var second = await client.StreamBodyAsync(Request(Anthropic, 1024,
            User("[sim:tool=step] first"), AssistantCalling("call_a", "step"), ToolResult("call_a", "one"),
            new JsonObject { ["role"] = "assistant", ["content"] = "done" }, User("[sim:reasoning=details] again")));

        second.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static JsonObject Request(string model, int budget, params JsonNode[] messages)
    {
        var body = Body(stream: true, messages);
        body["model"] = model;
        body["reasoning"] = new JsonObject { ["max_tokens"] = budget };
        return body;
    }

    private static string CallId(SseResponse sse) =>
        sse.Deltas.Select(delta => (string?)delta["tool_calls"]?[0]?["id"]).First(id => id is not null)!;

    private static List<JsonObject> Entries(SseResponse sse) =>
        [.. sse.Deltas.Where(delta => delta["reasoning_details"] is not null).SelectMany(delta => delta["reasoning_details"]!.AsArray()).Select(entry => entry!.AsObject())];

    /// <summary>What a client following OpenRouter's docs sends back: one block per index, its strings concatenated.</summary>
    private static JsonArray Merged(SseResponse sse)
    {
        var blocks = new JsonArray();
        foreach (var group in Entries(sse).GroupBy(entry => entry["index"]!.GetValue<int>()))
        {
            var block = group.First().DeepClone().AsObject();
            foreach (var field in new[] { "text", "signature" }.Where(field => group.Any(entry => entry[field] is not null)))
            {
                block[field] = string.Concat(group.Select(entry => (string?)entry[field]));
            }

            blocks.Add(block);
        }

        return blocks;
    }
}
