using System.Text.Json.Nodes;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

public sealed class ToolCallStreamTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Tool_marker_streams_one_call_with_id_and_name_first_then_argument_pieces()
    {
        var sse = await client.StreamAsync(User("""[sim:tool=get_weather:{"city":"Paris","unit":"celsius"}] Weather?"""));

        var fragments = ToolCallFragments(sse);
        fragments[0]["id"]!.GetValue<string>().Should().StartWith("call_");
        fragments[0]["type"]!.GetValue<string>().Should().Be("function");
        fragments[0]["function"]!["name"]!.GetValue<string>().Should().Be("get_weather");
        fragments.Skip(1).Should().HaveCountGreaterThan(1)
            .And.OnlyContain(fragment => fragment["id"] == null && fragment["function"]!["name"] == null);
        Arguments(fragments, index: 0).Should().Be("""{"city":"Paris","unit":"celsius"}""");
        sse.FinishReasons.Should().Equal("tool_calls");
        sse.Content.Should().BeEmpty();
        sse.Usage["cost"]!.GetValue<decimal>().Should().BePositive();
    }

    [Fact]
    public async Task Round_after_the_tool_result_answers_with_text_about_it()
    {
        var sse = await client.StreamAsync(
            User("[sim:tool=get_weather] Weather?"),
            AssistantCalling("call_1", "get_weather"),
            ToolResult("call_1", "Sunny, 21 degrees"));

        ToolCallFragments(sse).Should().BeEmpty();
        sse.Content.Should().Be("[simulated] Tool get_weather returned: Sunny, 21 degrees");
        sse.FinishReasons.Should().Equal("stop");
    }

    [Fact]
    public async Task Tool_answer_quotes_only_the_first_200_characters_of_the_result()
    {
        var sse = await client.StreamAsync(
            User("[sim:tool=read]"),
            AssistantCalling("call_1", "read"),
            ToolResult("call_1", new string('x', 500)));

        sse.Content.Should().Be("[simulated] Tool read returned: " + new string('x', 200));
    }

    [Fact]
    public async Task Several_tool_markers_make_parallel_calls_in_one_round()
    {
        var sse = await client.StreamAsync(User("[sim:tool=search][sim:tool=fetch:{\"url\":\"https://example.test\"}] go"));

        var fragments = ToolCallFragments(sse);
        var firsts = fragments.Where(fragment => fragment["id"] is not null).ToList();
        firsts.Select(fragment => fragment["index"]!.GetValue<int>()).Should().Equal(0, 1);
        firsts.Select(fragment => (string?)fragment["function"]!["name"]).Should().Equal("search", "fetch");
        firsts.Select(fragment => (string?)fragment["id"]).Should().OnlyHaveUniqueItems();
        Arguments(fragments, index: 1).Should().Be("{\"url\":\"https://example.test\"}");
        sse.FinishReasons.Should().Equal("tool_calls");
    }

    [Fact]
    public async Task Tools_count_calls_the_declared_tools_in_parallel()
    {
        var body = Body(stream: true, User("[sim:tools=3] go"));
        body["tools"] = new JsonArray(Declared("alpha"), Declared("beta"));

        var sse = await client.StreamBodyAsync(body);

        ToolCallFragments(sse).Where(fragment => fragment["id"] is not null)
            .Select(fragment => (string?)fragment["function"]!["name"])
            .Should().Equal("alpha", "beta", "alpha");
    }

    [Fact]
    public async Task Rounds_marker_keeps_calling_the_tool_until_that_many_rounds_are_done()
    {
        var user = User("[sim:tool=step][sim:rounds=2] go");

        var first = await client.StreamAsync(user);
        var second = await client.StreamAsync(user, AssistantCalling("call_a", "step"), ToolResult("call_a", "one"));
        var third = await client.StreamAsync(
            user, AssistantCalling("call_a", "step"), ToolResult("call_a", "one"), AssistantCalling("call_b", "step"), ToolResult("call_b", "two"));

        first.FinishReasons.Should().Equal("tool_calls");
        second.FinishReasons.Should().Equal("tool_calls");
        ToolCallFragments(second)[0]["id"]!.GetValue<string>().Should().NotBe(ToolCallFragments(first)[0]["id"]!.GetValue<string>());
        third.FinishReasons.Should().Equal("stop");
        third.Content.Should().Be("[simulated] Tool step returned: two");
    }

    [Fact]
    public async Task Tool_rounds_restart_counting_after_a_new_user_message()
    {
        var sse = await client.StreamAsync(
            User("[sim:tool=step] first"),
            AssistantCalling("call_a", "step"),
            ToolResult("call_a", "one"),
            new JsonObject { ["role"] = "assistant", ["content"] = "done" },
            User("[sim:tool=step] again"));

        sse.FinishReasons.Should().Equal("tool_calls");
    }

    private static List<JsonObject> ToolCallFragments(SseResponse sse) =>
        [.. sse.Deltas.Where(delta => delta["tool_calls"] is not null).SelectMany(delta => delta["tool_calls"]!.AsArray()).Select(call => call!.AsObject())];

    private static string Arguments(IEnumerable<JsonObject> fragments, int index) => string.Concat(fragments
        .Where(fragment => fragment["index"]!.GetValue<int>() == index)
        .Select(fragment => (string?)fragment["function"]!["arguments"]));

    private static JsonObject Declared(string name) => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = name, ["parameters"] = new JsonObject { ["type"] = "object" } },
    };
}
