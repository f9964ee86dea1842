using System.Net;
using System.Text.Json.Nodes;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

public sealed class StreamingTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Echo_streams_in_several_word_sized_chunks_and_ends_with_done()
    {
        var sse = await client.StreamAsync(User("Hello there, simulator"));

        sse.StatusCode.Should().Be(HttpStatusCode.OK);
        sse.MediaType.Should().Be("text/event-stream");
        sse.Content.Should().Be("[simulated] You said: Hello there, simulator");
        sse.Deltas.Count(delta => delta["content"] is not null && (string?)delta["content"] != "").Should().Be(6);
        sse.Raw.Should().EndWith("data: [DONE]\n\n");
    }

    [Fact]
    public async Task Context_marker_answers_with_an_outline_of_every_message_sent()
    {
        var sse = await client.StreamAsync(
            new JsonObject { ["role"] = "system", ["content"] = "Be brief." },
            User("first [sim:long=3]"),
            AssistantCalling("call_1", "get_current_time"),
            ToolResult("call_1", "12:00"),
            new JsonObject { ["role"] = "assistant", ["content"] = new string('x', 100) },
            User("[sim:context]  what\n did   I send?"));

        sse.Content.Should().Be(
            "[simulated] The request had 6 messages:\n" +
            "system: Be brief.\n" +
            "user: first\n" +
            "assistant (calls get_current_time):\n" +
            "tool (get_current_time): 12:00\n" +
            $"assistant: {new string('x', 60)}…\n" +
            "user: what did I send?");
    }

    [Fact]
    public async Task System_marker_answers_with_the_whole_system_prompt_in_text_or_block_form()
    {
        var prompt = "Be brief.\n# Tools\n" + new string('y', 200);

        var text = await client.StreamAsync(new JsonObject { ["role"] = "system", ["content"] = prompt }, User("[sim:system]"));
        var blocks = await client.StreamAsync(
            new JsonObject { ["role"] = "system", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = prompt }) },
            User("[sim:system]"));

        text.Content.Should().Be($"[simulated] The system prompt was:\n{prompt}");
        blocks.Content.Should().Be(text.Content);
    }

    [Fact]
    public async Task Stream_opens_with_the_processing_comment_and_a_role_delta()
    {
        var sse = await client.StreamAsync(User("Hi"));

        sse.Events[0].Should().Be(": OPENROUTER PROCESSING");
        sse.Deltas.First()["role"]!.GetValue<string>().Should().Be("assistant");
        sse.Deltas.Skip(1).Should().OnlyContain(delta => delta["role"] == null);
    }

    [Fact]
    public async Task Every_chunk_carries_openrouter_envelope_fields()
    {
        var sse = await client.StreamAsync(User("Hi"));

        var id = (string?)sse.Chunks[0]["id"];
        id.Should().StartWith("gen-sim-");
        sse.Chunks.Should().OnlyContain(chunk =>
            (string?)chunk["id"] == id
            && (string?)chunk["object"] == "chat.completion.chunk"
            && (string?)chunk["model"] == Model
            && (string?)chunk["provider"] == "LlmSim"
            && chunk["created"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Streaming_response_ends_with_usage_chunk_carrying_cost_then_done()
    {
        var sse = await client.StreamAsync(User("Count my tokens please"));

        sse.Data[^1].Should().Be("[DONE]");
        sse.UsageChunk["choices"]!.AsArray().Should().BeEmpty();
        sse.FinishReasons.Should().Equal("stop");
        var usage = sse.Usage;
        var prompt = usage["prompt_tokens"]!.GetValue<int>();
        var completion = usage["completion_tokens"]!.GetValue<int>();
        prompt.Should().Be(4);
        completion.Should().Be(10);
        usage["total_tokens"]!.GetValue<int>().Should().Be(prompt + completion);
        usage["cost"]!.GetValue<decimal>().Should().Be((prompt * 3m + completion * 15m) / 1_000_000m);
        usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>().Should().Be(0);
        usage["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<int>().Should().Be(0);
    }

    [Theory]
    [InlineData("nocost")]
    [InlineData("badcost")]
    [InlineData("zerocost")]
    public async Task Cost_scenarios_change_only_the_cost_field(string marker)
    {
        var sse = await client.StreamAsync(User($"[sim:{marker}] Hi"));

        var usage = sse.Usage;
        usage["completion_tokens"]!.GetValue<int>().Should().BePositive();
        switch (marker)
        {
            case "nocost":
                usage.ContainsKey("cost").Should().BeFalse();
                break;
            case "badcost":
                usage["cost"]!.GetValue<string>().Should().Be("abc");
                break;
            default:
                usage["cost"]!.GetValue<decimal>().Should().Be(0m);
                break;
        }
    }

    [Fact]
    public async Task Blocks_marked_for_caching_count_as_cached_prompt_tokens()
    {
        var system = new JsonObject
        {
            ["role"] = "system",
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "text", ["text"] = "You are helpful", ["cache_control"] = new JsonObject { ["type"] = "ephemeral" } },
                new JsonObject { ["type"] = "text", ["text"] = "Be brief", ["cache_control"] = null }),
        };

        var sse = await client.StreamAsync(system, User("Hi"));

        sse.Usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>().Should().Be(3);
        sse.Usage["prompt_tokens"]!.GetValue<int>().Should().Be(6);
    }

    [Fact]
    public async Task Markers_in_content_blocks_of_the_last_user_message_select_the_scenario()
    {
        var user = new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "text", ["text"] = "[sim:long=4]" },
                new JsonObject { ["type"] = "text", ["text"] = "ignored" }),
        };

        var sse = await client.StreamAsync(User("[sim:long=99] earlier turn"), user);

        sse.Content.Should().Be("[simulated] Lorem elit labore minim.");
    }

    [Fact]
    public async Task Long_scenario_streams_the_requested_number_of_words()
    {
        var sse = await client.StreamAsync(User("[sim:long=40]"));

        sse.Content.Should().StartWith("[simulated] ");
        sse.Content.Split(' ').Should().HaveCount(41);
    }

    [Fact]
    public async Task Same_request_gives_byte_identical_chunks_apart_from_created()
    {
        var body = Body(stream: true, User("[sim:reasoning][sim:tool=search:{\"q\":\"determinism\"}] go"));

        var first = await client.StreamBodyAsync(body);
        var second = await client.StreamBodyAsync(body);

        first.Data.Select(WithoutCreated).Should().Equal(second.Data.Select(WithoutCreated));
        first.Chunks.Should().HaveCountGreaterThan(10);
    }

    private static string WithoutCreated(string data)
    {
        if (data == "[DONE]")
        {
            return data;
        }

        var chunk = JsonNode.Parse(data)!.AsObject();
        chunk.Remove("created");
        return chunk.ToJsonString();
    }
}
