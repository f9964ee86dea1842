using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.ChatApi.IntegrationTests;

[Collection(ChatStackCollection.Name)]
public sealed class ChatConfigApiTests(ChatStackFixture fixture)
{
    [Fact]
    public async Task Suggested_prompts_come_grouped_by_theme_from_the_deployments_configuration()
    {
        using var user = fixture.NewUser();

        var body = await user.Http.GetFromJsonAsync<JsonElement>("/api/chat/suggested-prompts");

        var themes = body.GetProperty("themes").EnumerateArray().ToList();
        themes.Should().NotBeEmpty();
        themes.Select(theme => theme.GetProperty("name").GetString()).Should().Contain(["Learn", "Create", "Analyse"]);
        themes.Should().OnlyContain(theme => theme.GetProperty("prompts").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Suggested_prompts_need_a_signed_in_user()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Stack.EntryAddress };

        var response = await anonymous.GetAsync("/api/chat/suggested-prompts");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_stream_ttl_is_how_long_a_finished_turn_stays_resumable_and_needs_no_sign_in()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Stack.EntryAddress };

        var body = await anonymous.GetFromJsonAsync<JsonElement>("/api/chat/config/ttl");

        body.GetProperty("stream_ttl_seconds").GetInt64().Should().Be(3600, "a completed turn's stream is kept an hour by default");
        body.GetProperty("stream_ttl_ms").GetInt64().Should().Be(3_600_000);
    }

    [Fact]
    public async Task Assigning_a_session_to_its_owner_succeeds_and_changes_nothing()
    {
        using var owner = fixture.NewUser();
        var session = await owner.CreateSessionAsync();

        var response = await owner.Http.PatchAsync($"/api/chat/sessions/{session}/assign-user", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("ok");
        (await owner.GetSessionAsync(session)).GetProperty("user_id").GetString().Should().Be(owner.UserId);
    }

    [Fact]
    public async Task Another_user_cannot_claim_a_session_by_assigning_it_to_themselves()
    {
        using var owner = fixture.NewUser();
        using var intruder = fixture.NewUser();
        var session = await owner.CreateSessionAsync();

        var response = await intruder.Http.PatchAsync($"/api/chat/sessions/{session}/assign-user", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await owner.GetSessionAsync(session)).GetProperty("user_id").GetString().Should().Be(owner.UserId);
    }
}
