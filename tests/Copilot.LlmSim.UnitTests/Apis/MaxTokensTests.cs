using System.Net;
using System.Text.Json.Nodes;
using Copilot.LlmSim.Metering;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

/// <summary><c>max_tokens</c> cuts the answer like a provider does, so clients that cap rounds can be tested.</summary>
public sealed class MaxTokensTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task A_long_answer_stops_at_max_tokens_with_finish_reason_length_and_reports_only_what_was_sent()
    {
        var body = Body(stream: true, User("[sim:long=500] [sim:ttft=0] [sim:delay=0]"));
        body["max_tokens"] = 40;

        var sse = await client.StreamBodyAsync(body);

        sse.StatusCode.Should().Be(HttpStatusCode.OK);
        sse.FinishReasons.Should().Equal("length");
        var completion = sse.Usage["completion_tokens"]!.GetValue<int>();
        completion.Should().BeInRange(35, 40, "the answer is cut at the last whole piece within the limit");
        TokenCounter.Count(sse.Content).Should().Be(completion);
        sse.Raw.Should().EndWith("data: [DONE]\n\n");
    }

    [Fact]
    public async Task An_answer_within_max_tokens_is_unchanged()
    {
        var body = Body(stream: true, User("Hello there [sim:ttft=0] [sim:delay=0]"));
        body["max_tokens"] = 1000;

        var sse = await client.StreamBodyAsync(body);

        sse.Content.Should().Be("[simulated] You said: Hello there");
        sse.FinishReasons.Should().Equal("stop");
    }

    [Fact]
    public async Task A_tool_call_cut_by_max_tokens_ends_with_length_and_partial_arguments()
    {
        var body = Body(stream: false, User("""[sim:tool=write_workspace_file:{"name":"a.md","content":"one two three four five six seven eight nine ten"}] [sim:ttft=0] [sim:delay=0]"""));
        body["max_tokens"] = 8;

        using var response = await client.PostAsync(CompletionsPath, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var completion = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        completion["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("length");
        completion["usage"]!["completion_tokens"]!.GetValue<int>().Should().BeLessThanOrEqualTo(8);
        var arguments = completion["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>();
        arguments.Should().StartWith("{\"name\"").And.NotEndWith("}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task A_max_tokens_below_one_is_a_400(int maxTokens)
    {
        var body = Body(stream: true, User("Hi"));
        body["max_tokens"] = maxTokens;

        var sse = await client.StreamBodyAsync(body);

        sse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        sse.Raw.Should().Contain("max_tokens");
    }
}
