using System.Text.Json;

namespace Copilot.Executor.IntegrationTests;

[Collection(ExecutorStackCollection.Name)]
public sealed class ToolGateTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task A_gated_tool_refuses_until_its_prerequisite_ran_earlier_in_the_session()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        var forget = $"[sim:tool=forget_memory:{JsonSerializer.Serialize(new { memory_id = Guid.NewGuid().ToString() })}]";

        var refused = await user.ChatAsync(session, forget);
        await user.ChatAsync(session, """[sim:tool=search_memory:{"query":"anything"}]""");
        var allowed = await user.ChatAsync(session, forget);

        ErrorText(refused).Should().StartWith("Call search_memory first, then retry forget_memory.");
        allowed.Chunks.Select(e => e.Type).Should().Contain(type => type == "tool-output-available" || type == "tool-output-error");
        (ErrorText(allowed) ?? "").Should().NotContain("first, then retry", "the prerequisite ran in an earlier turn of this session");
    }

    private static string? ErrorText(Copilot.Testing.SseCapture capture) =>
        capture.Chunks.FirstOrDefault(e => e.Type == "tool-output-error")?.Json.GetProperty("errorText").GetString();
}
