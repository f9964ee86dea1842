using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

public sealed class ErrorTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Mid_stream_error_arrives_as_an_error_chunk_after_the_given_deltas_then_done()
    {
        var sse = await client.StreamAsync(User("[sim:error=after:2] one two three four"));

        sse.StatusCode.Should().Be(HttpStatusCode.OK);
        sse.Content.Should().Be("[simulated] You ");
        var error = sse.Chunks[^1];
        error["error"]!["code"]!.GetValue<int>().Should().Be(502);
        error["error"]!["message"]!.GetValue<string>().Should().Be("Simulated provider error");
        error["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("error");
        error["choices"]![0]!["delta"]!["content"]!.GetValue<string>().Should().BeEmpty();
        sse.Chunks.Should().NotContain(chunk => chunk.ContainsKey("usage"));
        sse.Data[^1].Should().Be("[DONE]");
    }

    [Fact]
    public async Task Error_marker_without_argument_fails_after_three_deltas()
    {
        var sse = await client.StreamAsync(User("[sim:error] one two three four"));

        sse.Content.Should().Be("[simulated] You said: ");
        sse.FinishReasons.Should().Equal("error");
    }

    [Theory]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "server_error")]
    [InlineData(503, "server_error")]
    public async Task Http_error_marker_answers_with_that_status_and_an_openai_error_body(int status, string type)
    {
        var sse = await client.StreamAsync(User($"[sim:error=http:{status}] Hi"));

        sse.StatusCode.Should().Be((HttpStatusCode)status);
        var error = JsonNode.Parse(sse.Raw)!["error"]!;
        error["code"]!.GetValue<int>().Should().Be(status);
        error["type"]!.GetValue<string>().Should().Be(type);
        error["message"]!.GetValue<string>().Should().Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("{\"model\": \"x\", \"messages\": [")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": 42}]}")]
    public async Task Malformed_json_is_rejected_with_400_and_an_openai_error_body(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(CompletionsPath, content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        error["type"]!.GetValue<string>().Should().Be("invalid_request_error");
        error["code"]!.GetValue<int>().Should().Be(400);
        error["message"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Request_without_messages_is_rejected_with_400()
    {
        using var content = new StringContent("{\"model\":\"x\",\"messages\":[]}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(CompletionsPath, content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("messages");
    }

    [Theory]
    [InlineData("[sim:bogus]", "Unknown simulator marker [sim:bogus]")]
    [InlineData("[sim:long=lots]", "whole number")]
    [InlineData("[sim:tool=search:not-json]", "JSON object")]
    public async Task Invalid_marker_is_rejected_with_400_naming_the_problem(string marker, string expected)
    {
        var sse = await client.StreamAsync(User($"{marker} Hi"));

        sse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonNode.Parse(sse.Raw)!["error"]!["message"]!.GetValue<string>().Should().Contain(expected);
    }
}
