using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

/// <summary><c>[sim:system]</c> makes the simulated model answer with the system prompt it received.</summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class SystemPromptTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task The_model_receives_the_prompt_file_with_the_turn_rules_and_notes_for_the_tools_it_may_call()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, "[sim:system] [sim:ttft=0] [sim:delay=0]");

        capture.Text.Should().StartWith("[simulated] The system prompt was:\nYou are Copilot");
        capture.Text.Should().Contain("<user_follow_up>").And.Contain("Always close the turn with visible text");
        capture.Text.Should().Contain("# Delegating to a sub-session").And.Contain("# The user's workspace").And.Contain("# Memory");
        capture.Text.Should().NotContain("<!--", "notes for the prompt's editors stay out of the request");
    }
}
