using System.Net;
using System.Text.Json.Nodes;
using Copilot.LlmSim.Scenarios;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

public sealed class NonStreamingTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Non_streaming_response_is_a_chat_completion_with_message_and_usage()
    {
        var (response, body) = await client.CompleteAsync(User("Hello"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        body["id"]!.GetValue<string>().Should().StartWith("gen-sim-");
        body["object"]!.GetValue<string>().Should().Be("chat.completion");
        body["model"]!.GetValue<string>().Should().Be(Model);
        var choice = body["choices"]![0]!;
        choice["message"]!["role"]!.GetValue<string>().Should().Be("assistant");
        choice["message"]!["content"]!.GetValue<string>().Should().Be("[simulated] You said: Hello");
        choice["finish_reason"]!.GetValue<string>().Should().Be("stop");
        body["usage"]!["cost"]!.GetValue<decimal>().Should().BePositive();
    }

    [Fact]
    public async Task Non_streaming_tool_call_has_null_content_and_whole_arguments()
    {
        var (_, body) = await client.CompleteAsync(User("[sim:tool=lookup:{\"id\":[1,2,3]}] go"));

        var message = body["choices"]![0]!["message"]!.AsObject();
        message["content"].Should().BeNull();
        message.ContainsKey("content").Should().BeTrue();
        var call = message["tool_calls"]![0]!;
        call["id"]!.GetValue<string>().Should().StartWith("call_");
        call["type"]!.GetValue<string>().Should().Be("function");
        call["function"]!["name"]!.GetValue<string>().Should().Be("lookup");
        call["function"]!["arguments"]!.GetValue<string>().Should().Be("{\"id\":[1,2,3]}");
        body["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("tool_calls");
    }

    [Fact]
    public async Task Non_streaming_reasoning_details_hold_the_full_text_then_summary_and_encrypted_entries()
    {
        var (_, body) = await client.CompleteAsync(User("[sim:reasoning=details] Why?"));

        var details = body["choices"]![0]!["message"]!["reasoning_details"]!.AsArray();
        details.Select(entry => (string?)entry!["type"]).Should().Equal("reasoning.text", "reasoning.summary", "reasoning.encrypted");
        details[0]!["text"]!.GetValue<string>().Should().StartWith("[simulated] Thinking").And.EndWith("deterministically.");
        details[0]!["signature"]!.GetValue<string>().Should().Be(ThinkingBlocks.Sign(details[0]!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Non_streaming_provider_error_becomes_a_502_error_body()
    {
        var (response, body) = await client.CompleteAsync(User("[sim:error] Hi"));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        body["error"]!["code"]!.GetValue<int>().Should().Be(502);
        body["error"]!["type"]!.GetValue<string>().Should().Be("server_error");
    }

    [Fact]
    public async Task Same_request_gives_the_same_completion_apart_from_created()
    {
        var (_, first) = await client.CompleteAsync(User("[sim:long=30] same"));
        var (_, second) = await client.CompleteAsync(User("[sim:long=30] same"));

        first.AsObject().Remove("created");
        second.AsObject().Remove("created");
        first.ToJsonString().Should().Be(second.ToJsonString());
    }
}
