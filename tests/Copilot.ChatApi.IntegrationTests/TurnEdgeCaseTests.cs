using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Chat.Turns;
using Copilot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Copilot.ChatApi.IntegrationTests;

/// <summary>The rare paths of a turn's life (nobody answering a Stop, a retry racing its original's turn record, long
/// silences) and the API's self-description.</summary>
[Collection(ChatStackCollection.Name)]
public sealed class TurnEdgeCaseTests(ChatStackFixture fixture)
{
    [Fact]
    public async Task A_stop_no_executor_answers_is_forced_after_five_seconds_ending_the_stream_and_freeing_the_session()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        // A turn recorded as running whose worker is gone: no executor will ever answer its Stop.
        var orphan = Guid.NewGuid();
        (await NewTurnStore().TryCreateTurnAsync(session, orphan, user.UserId, "chat")).Should().BeTrue();
        var db = fixture.Redis.GetDatabase();
        await db.StringSetAsync(RedisKeys.SessionLock(session), "a-dead-worker:token", TimeSpan.FromMinutes(5));

        var clock = Stopwatch.StartNew();
        using var cancel = await user.CancelAsync(session);
        clock.Stop();

        var body = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("cancelled").GetBoolean().Should().BeTrue();
        body.GetProperty("reason").GetString().Should().Be("force_completed");
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(4.5), "executors get their five seconds first");
        (await db.KeyExistsAsync(RedisKeys.SessionLock(session))).Should().BeFalse("a forced stop frees the session at once");

        using var resumed = await user.ResumeAsync(session, lastEventId: "0-0");
        var replay = await ChatClient.ReadAsync(resumed);
        replay.Types.Should().Equal("error", "finish", null);
        replay.Chunks.First().Json.GetProperty("errorText").GetString().Should().Be("Cancelled");

        var next = await user.ChatAsync(session, "after the stop [sim:ttft=0]");
        next.Text.Should().Contain("after the stop");
    }

    [Fact]
    public async Task A_retry_whose_original_has_not_recorded_its_turn_never_replays_an_earlier_answer()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        await user.ChatAsync(session, "first question [sim:ttft=0]");
        // The original of "second question" stored its message a moment ago and has not recorded its turn yet.
        await using (var context = fixture.NewDbContext())
        {
            await new ChatHistory(context, TimeProvider.System).AppendAsync(session,
                [new ChatMessage { Role = ChatRoles.User, Content = "second question", TurnId = Guid.NewGuid() }], CancellationToken.None);
        }

        using var retry = await user.SendAsync(session, new { message = "second question" });
        var capture = await ChatClient.ReadAsync(retry);

        capture.Types.Should().Equal(["finish", null], "the earlier turn's answer belongs to another message");
        var roles = (await user.GetSessionAsync(session)).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString());
        roles.Should().Equal("user", "assistant", "user");
    }

    [Fact]
    public async Task A_stream_silent_for_ten_seconds_sends_a_heartbeat_comment_and_then_the_answer()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, "slow to start [sim:ttft=11500] [sim:long=2]");

        capture.Comments.Should().BeGreaterThanOrEqualTo(1, "proxies drop connections that stay silent");
        capture.Types.Should().EndWith(["finish", null]);
        capture.Text.Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_openapi_document_describes_the_public_routes_but_not_the_internal_ones()
    {
        using var http = fixture.Stack.CreateClient("openapi-reader");

        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(path => path.TrimEnd('/') == "/api/chat/sessions")
            .And.Contain("/api/chat/sessions/{sessionId}/stream");
        paths.Should().NotContain(path => path.StartsWith("/internal", StringComparison.Ordinal));
    }

    private TurnStore NewTurnStore() =>
        new(fixture.Redis, Options.Create(new TurnStoreOptions()), TimeProvider.System, NullLogger<TurnStore>.Instance);
}
