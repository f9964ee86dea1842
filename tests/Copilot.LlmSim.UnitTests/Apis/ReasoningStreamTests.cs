using System.Text.Json.Nodes;
using Copilot.LlmSim.Scenarios;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

public sealed class ReasoningStreamTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Theory]
    [InlineData("[sim:reasoning]", "reasoning")]
    [InlineData("[sim:reasoning=reasoning]", "reasoning")]
    [InlineData("[sim:reasoning=reasoning_content]", "reasoning_content")]
    public async Task Reasoning_text_streams_in_the_chosen_delta_field_before_the_answer(string marker, string field)
    {
        var sse = await client.StreamAsync(User($"{marker} Why?"));

        var deltas = sse.Deltas.ToList();
        var firstReasoning = deltas.FindIndex(delta => delta[field] is not null);
        var firstContent = deltas.FindIndex(delta => !string.IsNullOrEmpty((string?)delta["content"]));
        firstReasoning.Should().BePositive().And.BeLessThan(firstContent);
        string.Concat(deltas.Select(delta => (string?)delta[field])).Should().StartWith("[simulated] Thinking");
        sse.Content.Should().Be("[simulated] You said: Why?");
        sse.Usage["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<int>().Should().BePositive();
    }

    [Fact]
    public async Task Details_shape_streams_text_summary_and_encrypted_entries()
    {
        var sse = await client.StreamAsync(User("[sim:reasoning=details] Why?"));

        var entries = sse.Deltas
            .Where(delta => delta["reasoning_details"] is not null)
            .SelectMany(delta => delta["reasoning_details"]!.AsArray())
            .Select(entry => entry!.AsObject())
            .ToList();
        entries.Select(entry => (string?)entry["type"]).Distinct()
            .Should().Equal("reasoning.text", "reasoning.summary", "reasoning.encrypted");
        string.Concat(entries.Where(entry => (string?)entry["type"] == "reasoning.text").Select(entry => (string?)entry["text"]))
            .Should().StartWith("[simulated] Thinking");
        entries.Single(entry => (string?)entry["type"] == "reasoning.encrypted")["data"]!.GetValue<string>().Should().NotBeEmpty();
        entries.Single(entry => (string?)entry["type"] == "reasoning.summary")["summary"]!.GetValue<string>().Should().NotBeEmpty();
        sse.Deltas.Should().OnlyContain(delta => delta["reasoning"] == null && delta["reasoning_content"] == null);
        sse.Content.Should().Be("[simulated] You said: Why?");
    }

    [Fact]
    public async Task Details_shape_ends_its_thinking_block_with_a_signature_over_the_whole_text()
    {
        var sse = await client.StreamAsync(User("[sim:reasoning=details] Why?"));

        var thinking = sse.Deltas
            .Where(delta => delta["reasoning_details"] is not null)
            .SelectMany(delta => delta["reasoning_details"]!.AsArray())
            .Select(entry => entry!.AsObject())
            .Where(entry => (string?)entry["type"] == "reasoning.text")
            .ToList();
        thinking.Should().OnlyContain(entry => (int?)entry["index"] == 0 && (string?)entry["format"] == "anthropic-claude-v1");
        var signed = thinking.Where(entry => entry["signature"] is not null).Should().ContainSingle().Subject;
        signed.Should().BeSameAs(thinking[^1]);
        ((string?)signed["text"]).Should().BeEmpty();
        signed["signature"]!.GetValue<string>()
            .Should().Be(ThinkingBlocks.Sign(string.Concat(thinking.Select(entry => (string?)entry["text"]))));
    }

    [Fact]
    public async Task Malformed_reasoning_details_are_followed_by_a_normal_answer()
    {
        var sse = await client.StreamAsync(User("[sim:reasoning-malformed] Hi"));

        var values = sse.Deltas.Select(delta => delta["reasoning_details"]).OfType<JsonNode>().ToList();
        values.Should().Contain(value => value is JsonObject, "one value is an object where an array belongs");
        var entries = values.OfType<JsonArray>().SelectMany(array => array).ToList();
        entries.Should().Contain(entry => entry is JsonValue, "a bare string is not an entry object");
        entries.Should().Contain(entry => entry == null);
        entries.OfType<JsonObject>().Should().Contain(entry => !entry.ContainsKey("type"));
        entries.OfType<JsonObject>().Should().Contain(entry => entry["text"] is JsonValue && entry["text"]!.GetValueKind() == System.Text.Json.JsonValueKind.Number);
        sse.Content.Should().Be("[simulated] You said: Hi");
        sse.FinishReasons.Should().Equal("stop");
    }

    [Fact]
    public async Task Default_reasoning_scenario_reasons_only_when_the_request_asks_for_it()
    {
        var reasoningByDefault = factory.CreateClientWith(new Dictionary<string, string?> { ["LlmSim:DefaultScenario"] = "reasoning" });
        var plain = Body(stream: true, User("Hi"));
        var asking = Body(stream: true, User("Hi"));
        asking["reasoning"] = new JsonObject { ["max_tokens"] = 1024 };

        var withoutRequest = await reasoningByDefault.StreamBodyAsync(plain);
        var withRequest = await reasoningByDefault.StreamBodyAsync(asking);

        withoutRequest.Deltas.Should().OnlyContain(delta => delta["reasoning"] == null);
        withRequest.Deltas.Should().Contain(delta => delta["reasoning"] != null);
        withRequest.Content.Should().Be(withoutRequest.Content);
    }
}
