using Copilot.Chat.Data;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Executor.IntegrationTests;

[Collection(ExecutorStackCollection.Name)]
public sealed class ReasoningRowTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task A_reasoning_row_is_stored_while_the_reasoning_streams_and_ends_with_the_whole_text()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var response = await user.SendAsync(session, "think slowly [sim:reasoning] [sim:ttft=0] [sim:delay=300]");
        var reading = ChatClient.ReadAsync(response);

        string? partial = null;
        await Eventually.TrueAsync(async () => (partial = await ReasoningAsync(session)) is not null, ChatClient.Patience);
        var capture = await reading;

        var streamed = string.Concat(capture.Chunks.Where(e => e.Type == "reasoning-delta").Select(e => e.Json.GetProperty("delta").GetString()));
        streamed.Should().NotBeEmpty();
        partial.Should().NotBeEmpty();
        streamed.Should().StartWith(partial).And.NotBe(partial, "the row is written when the block starts, not once it closes");
        (await ReasoningAsync(session)).Should().Be(streamed);
        (await fixture.HistoryAsync(session)).Select(m => m.Role).Should().Equal(ChatRoles.User, ChatRoles.Reasoning, ChatRoles.Assistant);
    }

    private async Task<string?> ReasoningAsync(Guid session)
    {
        await using var db = fixture.NewDbContext();
        return await db.Messages.Where(m => m.SessionId == session && m.Role == ChatRoles.Reasoning).Select(m => m.Content).SingleOrDefaultAsync();
    }
}
