using System.Text.Json.Nodes;
using Copilot.Executor.Llm;

namespace Copilot.Executor.UnitTests;

public sealed class ChatCompletionBodyTests
{
    private const string ToolCalls = """[{"id":"c1","type":"function","function":{"name":"t","arguments":"{}"}}]""";
    private const string Details = """[{"type":"reasoning.text","text":"hm","signature":"sig","index":0}]""";

    [Theory]
    [InlineData("anthropic/claude-sonnet-4-6", 4096)]
    [InlineData("claude-3-5-sonnet-20241022", 2048)]
    public void Anthropic_routes_request_the_thinking_budget(string model, int budget) =>
        ChatCompletionBody.ReasoningExtension(model, budget)!["max_tokens"]!.GetValue<int>().Should().Be(budget);

    [Theory]
    [InlineData("openai/gpt-4o", 4096)]
    [InlineData("google/gemini-2.5-pro", 4096)]
    [InlineData("anthropic/claude-sonnet-4-6", 0)]
    [InlineData("anthropic/claude-sonnet-4-6", -1)]
    public void Other_routes_and_the_kill_switch_request_no_reasoning(string model, int budget) =>
        ChatCompletionBody.ReasoningExtension(model, budget).Should().BeNull();

    [Fact]
    public void Body_asks_for_real_cost_and_streams()
    {
        var body = ChatCompletionBody.Build(new LlmRequest("openai/gpt-4o", [new LlmMessage("user", "hi")], null, 8192, "1h"));

        body["stream"]!.GetValue<bool>().Should().BeTrue();
        body["usage"]!["include"]!.GetValue<bool>().Should().BeTrue();
        body.ContainsKey("reasoning").Should().BeFalse();
    }

    [Fact]
    public void A_capped_round_sends_max_tokens_and_an_uncapped_one_leaves_it_to_the_provider()
    {
        var capped = ChatCompletionBody.Build(new LlmRequest("openai/gpt-4o", [new LlmMessage("user", "hi")], null, 0, "1h", MaxTokens: 700));
        var uncapped = ChatCompletionBody.Build(new LlmRequest("openai/gpt-4o", [new LlmMessage("user", "hi")], null, 0, "1h"));

        capped["max_tokens"]!.GetValue<int>().Should().Be(700);
        uncapped.ContainsKey("max_tokens").Should().BeFalse();
    }

    [Fact]
    public void Anthropic_system_prompt_is_a_cached_content_block()
    {
        var body = ChatCompletionBody.Build(new LlmRequest("anthropic/claude-sonnet-4-6",
            [new LlmMessage("system", "be brief"), new LlmMessage("user", "hi")], null, 1024, "5m"));

        var system = body["messages"]![0]!;
        var block = system["content"]![0]!;
        block["text"]!.GetValue<string>().Should().Be("be brief");
        block["cache_control"]!["type"]!.GetValue<string>().Should().Be("ephemeral");
        block["cache_control"]!["ttl"]!.GetValue<string>().Should().Be("5m");
        body["messages"]![1]!["content"]!.GetValue<string>().Should().Be("hi");
    }

    [Fact]
    public void Non_anthropic_system_prompt_stays_a_plain_string()
    {
        var body = ChatCompletionBody.Build(new LlmRequest("openai/gpt-4o", [new LlmMessage("system", "be brief")], null, 1024, "1h"));

        body["messages"]![0]!["content"]!.GetValue<string>().Should().Be("be brief");
    }

    [Fact]
    public void Only_the_last_tool_schema_is_marked_for_caching()
    {
        var tools = new JsonArray(new JsonObject { ["name"] = "a" }, new JsonObject { ["name"] = "b" });

        var marked = ChatCompletionBody.WithCachedTools(tools, "1h");

        marked[0]!.AsObject().ContainsKey("cache_control").Should().BeFalse();
        marked[1]!["cache_control"]!["ttl"]!.GetValue<string>().Should().Be("1h");
        tools[1]!.AsObject().ContainsKey("cache_control").Should().BeFalse("the original schema list is shared by every turn");
    }

    [Fact]
    public void Tool_rows_carry_their_call_id_and_assistant_rows_their_calls()
    {
        var body = ChatCompletionBody.Build(new LlmRequest("openai/gpt-4o",
        [
            new LlmMessage("assistant", null, """[{"id":"c1","type":"function","function":{"name":"t","arguments":"{}"}}]"""),
            new LlmMessage("tool", "result", ToolCallId: "c1", Name: "t"),
        ], null, 0, "1h"));

        body["messages"]![0]!["tool_calls"]![0]!["id"]!.GetValue<string>().Should().Be("c1");
        body["messages"]![1]!["tool_call_id"]!.GetValue<string>().Should().Be("c1");
    }

    [Fact]
    public void With_reasoning_on_the_assistant_tool_call_message_carries_its_reasoning_details_unchanged()
    {
        var body = ChatCompletionBody.Build(new LlmRequest("anthropic/claude-sonnet-4-6",
        [
            new LlmMessage("user", "hi"),
            new LlmMessage("assistant", null, ToolCalls, ReasoningDetailsJson: Details),
            new LlmMessage("tool", "result", ToolCallId: "c1", Name: "t"),
        ], null, 1024, "1h"));

        var assistant = body["messages"]![1]!;
        assistant["reasoning_details"]!.ToJsonString().Should().Be(Details);
        assistant["tool_calls"]![0]!["id"]!.GetValue<string>().Should().Be("c1");
        body["messages"]![0]!.AsObject().ContainsKey("reasoning_details").Should().BeFalse();
        body["messages"]![2]!.AsObject().ContainsKey("reasoning_details").Should().BeFalse();
    }

    [Theory]
    [InlineData("anthropic/claude-sonnet-4-6", 0)]
    [InlineData("openai/gpt-4o", 1024)]
    public void Without_reasoning_requested_no_message_carries_reasoning_details(string model, int budget)
    {
        var body = ChatCompletionBody.Build(new LlmRequest(model,
            [new LlmMessage("assistant", null, ToolCalls, ReasoningDetailsJson: Details)], null, budget, "1h"));

        body["messages"]![0]!.AsObject().ContainsKey("reasoning_details").Should().BeFalse();
        body.ContainsKey("reasoning").Should().BeFalse();
    }
}

