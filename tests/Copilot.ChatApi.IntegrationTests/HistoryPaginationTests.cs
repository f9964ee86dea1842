using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Testing;

namespace Copilot.ChatApi.IntegrationTests;

[Collection(ChatStackCollection.Name)]
public sealed class HistoryPaginationTests(ChatStackFixture fixture)
{
    private async Task<(ChatClient User, Guid Session)> SessionWithAsync(params string[] roles)
    {
        var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        await using var db = fixture.NewDbContext();
        for (var i = 0; i < roles.Length; i++)
        {
            db.Messages.Add(new ChatMessage
            {
                SessionId = session, Sequence = i, Role = roles[i], Content = $"{roles[i]} {i}", CreatedAt = DateTimeOffset.UtcNow,
                ToolCallId = roles[i] == ChatRoles.Tool ? $"call-{i}" : null,
            });
        }

        await db.SaveChangesAsync();
        return (user, session);
    }

    private static List<int> Sequences(JsonElement page) =>
        page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("sequence").GetInt32()).ToList();

    [Fact]
    public async Task Newest_page_comes_first_and_before_sequence_walks_backwards()
    {
        var (user, session) = await SessionWithAsync("user", "assistant", "user", "assistant", "user", "assistant");
        using var owner = user;

        var newest = await user.GetSessionAsync(session, "?limit=2");
        var older = await user.GetSessionAsync(session, $"?limit=2&before_sequence={newest.GetProperty("oldest_sequence").GetInt32()}");

        Sequences(newest).Should().Equal(4, 5);
        newest.GetProperty("has_more_messages").GetBoolean().Should().BeTrue();
        Sequences(older).Should().Equal(2, 3);
        newest.TryGetProperty("newest_sequence", out _).Should().BeFalse("forward pagination was removed");
    }

    [Fact]
    public async Task A_page_starting_inside_a_tool_group_reaches_back_to_its_assistant_row()
    {
        var (user, session) = await SessionWithAsync("user", "assistant", "tool", "tool", "tool", "assistant");
        using var owner = user;

        var page = await user.GetSessionAsync(session, "?limit=3");

        Sequences(page).Should().Equal(1, 2, 3, 4, 5);
        page.GetProperty("has_more_messages").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task An_all_tool_page_expands_until_a_visible_row_appears()
    {
        var roles = new[] { "user", "assistant" }.Concat(Enumerable.Repeat("tool", 15)).ToArray();
        var (user, session) = await SessionWithAsync(roles);
        using var owner = user;

        var page = await user.GetSessionAsync(session, "?limit=3");

        var sequences = Sequences(page);
        sequences[0].Should().Be(1, "the assistant row that owns the tool calls is the first visible row");
        page.GetProperty("messages")[0].GetProperty("role").GetString().Should().Be("assistant");
        page.GetProperty("has_more_messages").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Expansion_that_reaches_the_first_row_reports_no_more()
    {
        var (user, session) = await SessionWithAsync(new[] { "user" }.Concat(Enumerable.Repeat("tool", 12)).ToArray());
        using var owner = user;

        var page = await user.GetSessionAsync(session, "?limit=2");

        Sequences(page)[0].Should().Be(0);
        page.GetProperty("has_more_messages").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task An_all_tool_history_stays_as_it_is_without_error()
    {
        var (user, session) = await SessionWithAsync("tool", "tool");
        using var owner = user;

        var page = await user.GetSessionAsync(session, "?limit=2");

        Sequences(page).Should().Equal(0, 1);
        page.GetProperty("has_more_messages").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=201")]
    [InlineData("?before_sequence=-1")]
    public async Task Out_of_range_history_paging_is_a_422(string query)
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var response = await user.Http.GetAsync($"/api/chat/sessions/{session}{query}");

        ((int)response.StatusCode).Should().Be(422);
    }
}
