using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.ChatApi.IntegrationTests;

[Collection(ChatStackCollection.Name)]
public sealed class OwnershipTests(ChatStackFixture fixture)
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "" },
        { "PATCH", "/title" },
        { "DELETE", "" },
        { "POST", "/stream" },
        { "GET", "/stream" },
        { "DELETE", "/stream" },
        { "POST", "/cancel" },
        { "GET", "/messages/pending" },
        { "POST", "/messages/pending/withdraw" },
        { "PATCH", "/assign-user" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_users_session_is_indistinguishable_from_a_missing_one(string method, string suffix)
    {
        using var owner = fixture.NewUser();
        using var intruder = fixture.NewUser();
        var session = await owner.CreateSessionAsync();

        var foreign = await SendAsync(intruder, method, $"/api/chat/sessions/{session}{suffix}");
        var missing = await SendAsync(intruder, method, $"/api/chat/sessions/{Guid.NewGuid()}{suffix}");

        foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var foreignDetail = (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        foreignDetail.Should().Be($"Session {session} not found or access denied");
        (await owner.GetSessionAsync(session)).GetProperty("messages").GetArrayLength().Should().Be(0, "the intruder changed nothing");
    }

    private static Task<HttpResponseMessage> SendAsync(ChatClient user, string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PATCH")
        {
            request.Content = JsonContent.Create(new { message = "hi", title = "stolen" });
        }

        return user.Http.SendAsync(request);
    }
}
