using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Copilot.Chat.Redis;
using Copilot.Testing;

namespace Copilot.ChatApi.IntegrationTests;

[Collection(ChatStackCollection.Name)]
public sealed class SessionsApiTests(ChatStackFixture fixture)
{
    /// <summary>A model call's usage event reaches chat-api within seconds of the answer.</summary>
    private static readonly TimeSpan UsageArrives = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Creating_a_session_returns_its_id_owner_and_metadata()
    {
        using var user = fixture.NewUser();

        var response = await user.Http.PostAsJsonAsync("/api/chat/sessions", new { dry_run = true });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("user_id").GetString().Should().Be(user.UserId);
        body.GetProperty("metadata").GetProperty("dry_run").GetBoolean().Should().BeTrue();
        body.GetProperty("id").GetGuid().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Creating_a_session_without_a_body_works()
    {
        using var user = fixture.NewUser();

        var response = await user.Http.PostAsync("/api/chat/sessions", null);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Unknown_fields_on_create_are_rejected_with_422()
    {
        using var user = fixture.NewUser();

        var response = await user.Http.PostAsJsonAsync("/api/chat/sessions", new { dry_run = false, surprise = 1 });

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem_not_a_500()
    {
        using var user = fixture.NewUser();

        var response = await user.Http.PostAsync("/api/chat/sessions", new StringContent("{\"dry_run\":", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Listing_shows_only_the_callers_sessions_newest_first_with_a_total()
    {
        using var user = fixture.NewUser();
        using var other = fixture.NewUser();
        var first = await user.CreateSessionAsync();
        var second = await user.CreateSessionAsync();
        await other.CreateSessionAsync();

        var body = await user.Http.GetFromJsonAsync<JsonElement>("/api/chat/sessions");

        body.GetProperty("total").GetInt32().Should().Be(2);
        body.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).Should().Equal(second, first);
        body.GetProperty("sessions")[0].GetProperty("is_processing").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?offset=-1")]
    public async Task Out_of_range_list_paging_is_a_422(string query)
    {
        using var user = fixture.NewUser();

        var response = await user.Http.GetAsync($"/api/chat/sessions{query}");

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Renaming_trims_the_title_and_blank_titles_are_rejected()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var blank = await user.Http.PatchAsJsonAsync($"/api/chat/sessions/{session}/title", new { title = "   " });
        var renamed = await user.Http.PatchAsJsonAsync($"/api/chat/sessions/{session}/title", new { title = "  Trip plan  " });

        blank.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await blank.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Be("Title must not be blank");
        renamed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await user.GetSessionAsync(session)).GetProperty("title").GetString().Should().Be("Trip plan");
    }

    [Fact]
    public async Task Deleting_a_session_removes_it_and_its_redis_state()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        await user.ChatAsync(session, "hello [sim:ttft=0]");

        var deleted = await user.Http.DeleteAsync($"/api/chat/sessions/{session}");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await user.Http.GetAsync($"/api/chat/sessions/{session}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await fixture.Redis.GetDatabase().KeyExistsAsync(RedisKeys.TurnMeta(session))).Should().BeFalse();
    }

    [Fact]
    public async Task The_session_detail_totals_the_tokens_of_every_model_call()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var empty = await user.GetSessionAsync(session);
        empty.GetProperty("total_prompt_tokens").GetInt64().Should().Be(0);
        await user.ChatAsync(session, "count my tokens [sim:ttft=0]");
        var afterOne = await Eventually.ReadAsync(() => user.GetSessionAsync(session), detail => Completion(detail) > 0, UsageArrives);
        Completion(afterOne).Should().BePositive("the first call's usage arrived");
        await user.ChatAsync(session, "and again [sim:ttft=0]");
        var firstPrompt = Prompt(afterOne);
        var afterTwo = await Eventually.ReadAsync(() => user.GetSessionAsync(session), detail => Prompt(detail) > firstPrompt, UsageArrives);

        firstPrompt.Should().BePositive();
        Prompt(afterTwo).Should().BeGreaterThan(firstPrompt, "the second call's usage arrived");
        Completion(afterTwo).Should().BeGreaterThan(Completion(afterOne));
    }

    [Fact]
    public async Task A_missing_session_and_a_malformed_id_are_both_404()
    {
        using var user = fixture.NewUser();

        (await user.Http.GetAsync($"/api/chat/sessions/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await user.Http.GetAsync("/api/chat/sessions/not-a-uuid")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_401_problems()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Stack.EntryAddress };
        using var forged = new HttpClient { BaseAddress = fixture.Stack.EntryAddress };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Forged("mallory"));
        using var expired = new HttpClient { BaseAddress = fixture.Stack.EntryAddress };
        expired.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Expired("mallory"));

        foreach (var client in new[] { anonymous, forged, expired })
        {
            var response = await client.GetAsync("/api/chat/sessions");
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
    }

    private static long Prompt(JsonElement detail) => detail.GetProperty("total_prompt_tokens").GetInt64();

    private static long Completion(JsonElement detail) => detail.GetProperty("total_completion_tokens").GetInt64();
}
