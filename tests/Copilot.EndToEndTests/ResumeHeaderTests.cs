using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.EndToEndTests;

/// <summary><c>Last-Event-ID</c> values a client made up, sent through the gateway to chat-api's resume.</summary>
[Collection(GatewayStackCollection.Name)]
public sealed class ResumeHeaderTests(GatewayStackFixture fixture)
{
    [Fact]
    public async Task A_last_event_id_that_is_no_stream_entry_id_is_treated_as_absent()
    {
        using var client = fixture.NewUser();
        var session = await FinishedTurnSessionAsync(client);

        foreach (var lastEventId in new[] { "not-an-id", "12-x", "-1-0", "99999999999999999999-0", "1-2-3", " " })
        {
            using var resumed = await ResumeAsync(client, session, lastEventId, Encoding.ASCII);

            resumed.StatusCode.Should().Be(HttpStatusCode.NoContent, $"'{lastEventId}' resumes nothing once the turn has ended");
        }
    }

    [Fact]
    public async Task A_last_event_id_that_is_not_ascii_is_a_400_problem_naming_it()
    {
        using var client = fixture.NewUser();
        var session = await FinishedTurnSessionAsync(client);

        using var resumed = await ResumeAsync(client, session, "éé-1", Encoding.UTF8);

        resumed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        resumed.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        (await resumed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("header").GetString().Should().Be("Last-Event-ID");
    }

    private static async Task<Guid> FinishedTurnSessionAsync(ChatClient client)
    {
        var session = await client.CreateSessionAsync();
        (await client.ChatAsync(session, "a short answer [sim:ttft=0]")).Types.Should().Contain("finish");
        return session;
    }

    /// <summary>Sent as the browser's EventSource would, on a connection that writes the value's bytes as given.</summary>
    private static async Task<HttpResponseMessage> ResumeAsync(ChatClient signedIn, Guid session, string lastEventId, Encoding encoding)
    {
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => encoding })
        {
            BaseAddress = signedIn.Http.BaseAddress,
        };
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/chat/sessions/{session}/stream");
        request.Headers.Authorization = signedIn.Http.DefaultRequestHeaders.Authorization;
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        return await client.SendAsync(request);
    }
}
