using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;

namespace Copilot.ChatApi.IntegrationTests;

[Collection(ChatStackCollection.Name)]
public sealed class StreamApiTests(ChatStackFixture fixture)
{
    [Fact]
    public async Task A_message_streams_the_ai_sdk_protocol_and_is_persisted_with_the_answer()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        using var response = await user.SendAsync(session, new { message = "hello there" });
        response.Headers.GetValues("x-vercel-ai-ui-message-stream").Should().Equal("v1");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var capture = await ChatClient.ReadAsync(response);

        capture.Types.Should().StartWith(["start", "start-step", "text-start", "text-delta"]);
        capture.StructureTypes.Should().EndWith(["text-end", "finish-step", "finish", null]);
        capture.Chunks.Should().OnlyContain(e => e.Id != null, "every chunk carries its stream id for Last-Event-ID");
        capture.Text.Should().Be("[simulated] You said: hello there");
        var messages = (await user.GetSessionAsync(session)).GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("role").GetString()).Should().Equal("user", "assistant");
        messages[1].GetProperty("content").GetString().Should().Be(capture.Text);
    }

    [Fact]
    public async Task Reasoning_is_streamed_persisted_and_replayed_identically()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var live = await user.ChatAsync(session, "think first [sim:reasoning=details]");

        live.Types.Should().ContainInOrder("reasoning-start", "reasoning-delta", "reasoning-end", "text-start");
        var messages = (await user.GetSessionAsync(session)).GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("role").GetString()).Should().Equal("user", "reasoning", "assistant");
        var reasoningText = string.Concat(live.Chunks.Where(e => e.Type == "reasoning-delta").Select(e => e.Json.GetProperty("delta").GetString()));
        messages[1].GetProperty("content").GetString().Should().Be(reasoningText);
        reasoningText.Should().NotBeEmpty();
        // Reload and second tabs replay the stored stream: it must hold every chunk the live client saw, reasoning included.
        var stored = await fixture.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(TurnIdOf(live)));
        stored.Select(e => e["d"].ToString()).Should().Equal(live.Chunks.Select(e => e.Data));
    }

    [Fact]
    public async Task Resume_of_an_idle_session_is_204()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        using var response = await user.ResumeAsync(session);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Resuming_with_last_event_id_continues_without_gap_or_duplicate()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var first = await user.SendAsync(session, new { message = "count [sim:long=60] [sim:delay=20]" });
        var deltas = 0;
        var head = await ChatClient.ReadAsync(first, stopAfter: e => e.Type == "text-delta" && ++deltas == 10);
        first.Dispose();

        using var resumed = await user.ResumeAsync(session, head.Events[^1].Id);
        resumed.StatusCode.Should().Be(HttpStatusCode.OK);
        var tail = await ChatClient.ReadAsync(resumed);

        var ids = head.Chunks.Concat(tail.Chunks).Select(e => e.Id!).ToList();
        ids.Should().OnlyHaveUniqueItems();
        var stored = await fixture.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(TurnIdOf(head)));
        ids.Should().Equal(stored.Select(e => e.Id.ToString()), "head + tail is exactly the turn's stream");
        tail.Types.Should().EndWith(["finish", null]);
    }

    [Fact]
    public async Task A_message_sent_while_a_turn_runs_is_queued_with_202_and_peekable()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, new { message = "busy [sim:slow=200] [sim:long=40]" });
        // Once the turn streams, its start (which takes in follow-ups queued before it) is over: this one stays queued.
        await ChatClient.ReadAsync(running, e => e.Type == "text-delta");

        using var queued = await user.SendAsync(session, new { message = "and also this", context = new { url = "https://example.test", content = "page" } });

        queued.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var body = await queued.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("buffer_length").GetInt32().Should().Be(1);
        body.GetProperty("max_buffer_length").GetInt32().Should().Be(10);
        body.GetProperty("turn_in_flight").GetBoolean().Should().BeTrue();
        var peek = await user.FollowUpsAsync(session);
        peek.GetProperty("messages").EnumerateArray().Select(m => m.GetString()).Should().Equal("and also this");
        peek.GetProperty("count").GetInt32().Should().Be(1);
        await user.CancelAsync(session);
    }

    [Fact]
    public async Task One_queued_follow_up_can_be_withdrawn_before_the_turn_takes_it_in()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, new { message = "busy [sim:slow=200] [sim:long=40]" });
        await ChatClient.ReadAsync(running, e => e.Type == "text-delta");
        foreach (var text in new[] { "keep me", "drop me", "keep me too" })
        {
            using var queued = await user.SendAsync(session, new { message = text });
            queued.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        using var withdrawn = await user.Http.PostAsJsonAsync($"/api/chat/sessions/{session}/messages/pending/withdraw", new { message = "drop me" });
        using var again = await user.Http.PostAsJsonAsync($"/api/chat/sessions/{session}/messages/pending/withdraw", new { message = "drop me" });

        withdrawn.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("withdrawn").GetBoolean().Should().BeTrue();
        body.GetProperty("count").GetInt32().Should().Be(2);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound, "it is no longer queued");
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("no longer queued");
        var peek = await user.FollowUpsAsync(session);
        peek.GetProperty("messages").EnumerateArray().Select(m => m.GetString()).Should().Equal("keep me", "keep me too");
        await user.CancelAsync(session);
    }

    [Fact]
    public async Task Withdrawing_without_a_message_is_422()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        using var response = await user.Http.PostAsJsonAsync($"/api/chat/sessions/{session}/messages/pending/withdraw", new { message = "" });

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Peek_of_an_empty_buffer_is_empty()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var peek = await user.FollowUpsAsync(session);

        peek.GetProperty("count").GetInt32().Should().Be(0);
        peek.GetProperty("messages").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task The_31st_queue_call_in_a_minute_is_429()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, new { message = "busy [sim:hang]" });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++)
        {
            using var response = await user.SendAsync(session, new { message = $"follow-up {i}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
                    .Should().Contain("Too many queued message requests this minute");
            }
        }

        statuses.Take(30).Should().OnlyContain(s => s == HttpStatusCode.Accepted);
        statuses[30].Should().Be(HttpStatusCode.TooManyRequests);
        await user.CancelAsync(session);
    }

    [Fact]
    public async Task More_than_20_file_ids_is_422_and_20_is_accepted()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        using var tooMany = await user.SendAsync(session, new { message = "files", file_ids = Enumerable.Range(0, 21).Select(_ => Guid.NewGuid().ToString()) });
        using var enough = await user.SendAsync(session, new { message = "files [sim:ttft=0]", file_ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString()) });

        tooMany.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        enough.StatusCode.Should().Be(HttpStatusCode.OK);
        await ChatClient.ReadAsync(enough);
    }

    [Fact]
    public async Task Unknown_or_foreign_file_ids_are_dropped_silently()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, new { message = "see attached [sim:ttft=0]", file_ids = new[] { "not-a-uuid", Guid.NewGuid().ToString() } });

        capture.Types.Should().Contain("finish");
        var messages = (await user.GetSessionAsync(session)).GetProperty("messages");
        messages[0].GetProperty("content").GetString().Should().Be("see attached [sim:ttft=0]", "no attachment block for files the user does not own");
    }

    [Theory]
    [InlineData("""{"message":"x","mode":"turbo"}""")]
    [InlineData("""{"message":"x","model":"huge"}""")]
    public async Task Invalid_mode_or_model_is_422(string body)
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var response = await user.Http.PostAsync($"/api/chat/sessions/{session}/stream", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_duplicate_send_starts_no_second_turn_and_receives_the_same_stream()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var original = await user.SendAsync(session, new { message = "exactly once [sim:long=100] [sim:delay=20]" });

        var retry = await user.ChatAsync(session, new { message = "exactly once [sim:long=100] [sim:delay=20]", is_user_message = true });
        var first = await ChatClient.ReadAsync(original);

        // A duplicate of a message whose turn is still running is not queued either: it re-attaches.
        TurnIdOf(retry).Should().Be(TurnIdOf(first));
        retry.Text.Should().Be(first.Text);
        await using var db = fixture.NewDbContext();
        var userRows = await db.Messages.CountAsync(m => m.SessionId == session && m.Role == "user");
        userRows.Should().Be(1);
    }

    [Fact]
    public async Task A_retried_send_with_files_re_attaches_to_its_running_turn_instead_of_queueing()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        var fileId = (await user.UploadAsync("notes.md", "notes")).GetProperty("id").GetString();
        // Two seconds of answer: the retry must find the turn still running even on a loaded machine.
        var send = new { message = "with a file [sim:long=100] [sim:delay=20]", file_ids = new[] { fileId } };
        using var original = await user.SendAsync(session, send);

        using var retry = await user.SendAsync(session, send);

        retry.StatusCode.Should().Be(HttpStatusCode.OK, "the stored message carries the attachment block the retry must be compared with");
        var again = await ChatClient.ReadAsync(retry);
        TurnIdOf(again).Should().Be(TurnIdOf(await ChatClient.ReadAsync(original)));
        (await user.FollowUpsAsync(session)).GetProperty("count").GetInt32().Should().Be(0);
        await using var db = fixture.NewDbContext();
        (await db.Messages.CountAsync(m => m.SessionId == session && m.Role == "user")).Should().Be(1);
    }

    [Fact]
    public async Task The_same_text_after_an_answer_is_a_new_message()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        await user.ChatAsync(session, "yes [sim:ttft=0]");
        await user.ChatAsync(session, "yes [sim:ttft=0]");

        var roles = (await user.GetSessionAsync(session)).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString());
        roles.Should().Equal("user", "assistant", "user", "assistant");
    }

    [Fact]
    public async Task Cancel_stops_the_turn_releases_the_lock_and_a_new_message_starts_at_once()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, new { message = "long job [sim:slow=300] [sim:long=100]" });
        await Eventually.TrueAsync(async () => await fixture.Redis.GetDatabase().KeyExistsAsync(RedisKeys.SessionLock(session)), ChatClient.Patience,
            "the turn to take its session lock");

        using var cancel = await user.CancelAsync(session);
        var stopped = await ChatClient.ReadAsync(running);

        (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetBoolean().Should().BeTrue();
        stopped.Types.Should().EndWith(["finish", null]);
        (await fixture.Redis.GetDatabase().KeyExistsAsync(RedisKeys.SessionLock(session))).Should().BeFalse();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var next = await user.ChatAsync(session, "next one [sim:ttft=0]");
        next.Text.Should().Contain("next one");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "a stopped session must not wait for a lock lease to lapse");
        var roles = (await user.GetSessionAsync(session)).GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        roles.Should().Contain(("assistant", "[__COPILOT_SYSTEM_e3b0__] Execution stopped by user"));
    }

    [Fact]
    public async Task Cancel_of_an_idle_session_reports_no_active_session()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        using var cancel = await user.CancelAsync(session);
        var body = await cancel.Content.ReadFromJsonAsync<JsonElement>();

        body.GetProperty("cancelled").GetBoolean().Should().BeFalse();
        body.GetProperty("reason").GetString().Should().Be("no_active_session");
    }

    [Fact]
    public async Task Disconnecting_listeners_ends_their_streams_but_not_the_turn()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, new { message = "keep going [sim:long=40] [sim:delay=50]" });
        await Eventually.TrueAsync(async () => await fixture.Redis.GetDatabase().KeyExistsAsync(RedisKeys.SessionLock(session)), ChatClient.Patience,
            "the turn to take its session lock");

        using var disconnect = await user.Http.DeleteAsync($"/api/chat/sessions/{session}/stream");
        var cut = await ChatClient.ReadAsync(running);

        disconnect.StatusCode.Should().Be(HttpStatusCode.NoContent);
        cut.Types.Should().EndWith(["finish", null], "the client still gets a well-formed end");
        await Eventually.TrueAsync(async () => (await user.GetSessionAsync(session)).GetProperty("messages").GetArrayLength() == 2, ChatClient.Patience,
            "the turn to run on and store its answer");
    }

    private static Guid TurnIdOf(SseCapture capture) =>
        Guid.Parse(capture.Chunks.First(e => e.Type == "start").Json.GetProperty("messageId").GetString()!);
}
