using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

public sealed class HostTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/v1/models")]
    public async Task Every_response_is_labelled_as_simulated(string path)
    {
        using var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-LlmSim").Should().Equal("simulated");
    }

    [Fact]
    public async Task Completions_accept_any_bearer_and_name_the_generation_in_a_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CompletionsPath)
        {
            Content = System.Net.Http.Json.JsonContent.Create(Body(stream: false, User("Hi"))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-or-v1-anything");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-LlmSim").Should().Equal("simulated");
        response.Headers.GetValues("X-Generation-Id").Single().Should().StartWith("gen-sim-");
    }

    [Fact]
    public async Task Models_lists_the_configured_models_with_per_token_pricing()
    {
        var body = JsonNode.Parse(await client.GetStringAsync("/v1/models"))!;

        body["object"]!.GetValue<string>().Should().Be("list");
        body["data"]!.AsArray().Select(model => (string?)model!["id"]).Should().Contain("llmsim/default");
        body["data"]![0]!["pricing"]!["prompt"]!.GetValue<string>().Should().Be("0.000003");
        body["data"]![0]!["pricing"]!["completion"]!.GetValue<string>().Should().Be("0.000015");
    }

    [Fact]
    public void Unknown_default_scenario_stops_the_host_at_startup()
    {
        var start = () => factory.CreateClientWith(new Dictionary<string, string?> { ["LlmSim:DefaultScenario"] = "telepathy" });

        start.Should().Throw<OptionsValidationException>().WithMessage("*telepathy*");
    }
}
