using Copilot.Contracts;
using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

/// <summary><c>[sim:context]</c> answers with the reasoning budget the request asked for, if any.</summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class TurnModeTests(ExecutorStackFixture fixture)
{
    private const string ShowRequest = "what did you get? [sim:context] [sim:ttft=0] [sim:delay=0]";

    [Theory]
    [InlineData(TurnModes.ExtendedThinking, "and a reasoning budget of 16384 tokens:")]
    [InlineData(null, "and a reasoning budget of 8192 tokens:")]
    [InlineData(TurnModes.Fast, "messages:")]
    public async Task The_mode_decides_the_reasoning_the_model_is_asked_for(string? mode, string firstLineEnd)
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, new { message = ShowRequest, mode });

        var firstLine = capture.Text.Split('\n')[0];
        firstLine.Should().StartWith("[simulated] The request had").And.EndWith(firstLineEnd);
        if (mode == TurnModes.Fast)
        {
            firstLine.Should().NotContain("reasoning");
        }
    }
}
