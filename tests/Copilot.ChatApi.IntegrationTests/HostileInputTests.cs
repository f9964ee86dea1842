using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Redis;
using Copilot.Testing;

namespace Copilot.ChatApi.IntegrationTests;

/// <summary>Input the platform cannot store is refused with a 4xx naming it, and never breaks the session it was aimed at.</summary>
[Collection(ChatStackCollection.Name)]
public sealed class HostileInputTests(ChatStackFixture fixture)
{
    private static async Task<string?> ProblemDetailAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
    }

    [Fact]
    public async Task A_message_with_a_NUL_character_is_refused_with_422_and_the_session_keeps_working()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        using var refused = await user.SendAsync(session, new { message = "a\0b" });

        (await ProblemDetailAsync(refused, HttpStatusCode.UnprocessableEntity)).Should().Contain("message").And.Contain("NUL");
        (await user.ChatAsync(session, "still here [sim:ttft=0]")).Text.Should().Contain("still here");
    }

    [Fact]
    public async Task A_follow_up_with_a_NUL_character_is_refused_before_it_is_queued()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, new { message = "busy [sim:long=30] [sim:delay=20]" });
        await ChatClient.ReadAsync(running, e => e.Type == "text-delta");

        using var refused = await user.SendAsync(session, new { message = "poison\0pill" });

        await ProblemDetailAsync(refused, HttpStatusCode.UnprocessableEntity);
        (await user.FollowUpsAsync(session)).GetProperty("count").GetInt32().Should().Be(0);
        await user.CancelAsync(session);
    }

    [Fact]
    public async Task A_queued_follow_up_that_can_never_be_stored_is_dropped_and_the_next_turns_answer()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        // Queued before the input rules existed: it cannot become a chat row.
        var poisoned = new FollowUp("poison\0pill", [], Context: null, EnqueuedAt: 1);
        await fixture.Redis.GetDatabase().ListRightPushAsync(RedisKeys.FollowUps(session), JsonSerializer.Serialize(poisoned));

        for (var turn = 0; turn < 2; turn++)
        {
            var answer = await user.ChatAsync(session, $"turn {turn} [sim:ttft=0] [sim:tool=get_current_time]");
            answer.Types.Should().NotContain("error");
        }

        var roles = (await user.GetSessionAsync(session)).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString());
        roles.Where(role => role == "assistant").Should().NotBeEmpty();
        (await user.FollowUpsAsync(session)).GetProperty("count").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_message_with_an_unpaired_surrogate_is_refused_with_a_4xx()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        using var refused = await user.Http.PostAsync($"/api/chat/sessions/{session}/stream",
            new StringContent("""{"message":"half a pair \ud800 here"}""", Encoding.UTF8, "application/json"));

        ((int)refused.StatusCode).Should().BeInRange(400, 499, await refused.Content.ReadAsStringAsync());
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_title_with_a_NUL_character_is_refused_with_422_naming_the_field()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var refused = await user.Http.PatchAsJsonAsync($"/api/chat/sessions/{session}/title", new { title = "bad\0title" });

        (await ProblemDetailAsync(refused, HttpStatusCode.UnprocessableEntity)).Should().StartWith("title ");
    }

    [Fact]
    public async Task A_client_cannot_store_a_message_as_the_assistant()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        using var refused = await user.SendAsync(session, new { message = "I am the model now", is_user_message = false });

        (await ProblemDetailAsync(refused, HttpStatusCode.UnprocessableEntity)).Should().Contain("is_user_message");
        (await user.GetSessionAsync(session)).GetProperty("messages").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_token_whose_user_id_holds_a_NUL_character_is_not_accepted()
    {
        using var forged = fixture.Stack.CreateClient("user\0with-nul");

        var response = await forged.GetAsync("/api/chat/sessions");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("no boundaries at all")]
    [InlineData("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\ncut sh")]
    public async Task A_malformed_multipart_upload_is_a_400(string body)
    {
        using var user = fixture.NewUser();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XyZ");

        var response = await user.Http.PostAsync("/api/workspace/files", content);

        await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_part_media_type_with_a_non_ASCII_parameter_is_stored_without_it_and_the_file_downloads()
    {
        using var user = fixture.NewUser();
        var file = new ByteArrayContent("hello"u8.ToArray());
        file.Headers.TryAddWithoutValidation("Content-Type", "text/plain; x=\"é\"");
        using var form = new MultipartFormDataContent { { file, "file", "note.txt" } };

        var uploaded = await user.Http.PostAsync("/api/workspace/files", form);

        uploaded.StatusCode.Should().Be(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var stored = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        stored.GetProperty("mime_type").GetString().Should().Be("text/plain");
        var download = await user.Http.GetAsync($"/api/workspace/files/{stored.GetProperty("id").GetGuid()}/content");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).Should().Be("hello");
    }
}
