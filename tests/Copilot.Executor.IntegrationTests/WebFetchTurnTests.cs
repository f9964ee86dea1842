namespace Copilot.Executor.IntegrationTests;

/// <summary><c>web_fetch</c> called by the model inside a real turn, through the executor's real HTTP client.</summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class WebFetchTurnTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task A_model_asking_for_the_cloud_metadata_endpoint_gets_the_refusal_and_the_turn_goes_on()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, """read it [sim:tool=web_fetch:{"url":"http://169.254.169.254/latest/meta-data/"}]""");

        capture.Chunks.Should().ContainSingle(e => e.Type == "tool-output-error")
            .Which.Json.GetProperty("errorText").GetString()
            .Should().StartWith("web_fetch refuses 169.254.169.254: link-local addresses are not reachable from the copilot");
        capture.Types.Should().NotContain("tool-output-available");
        capture.Types.Should().EndWith(["finish", null]);
    }
}
