using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.EndToEndTests;

[Collection(GatewayStackCollection.Name)]
public sealed class SkeletonTurnTests(GatewayStackFixture fixture)
{
    private Task<ChatClient> SignInAsync(string userId) => ChatClient.SignInAsync(fixture.Stack.Gateway!.BaseAddress, userId);

    [Fact]
    public async Task A_turn_through_the_gateway_streams_incrementally_and_is_persisted()
    {
        using var client = await SignInAsync($"e2e-{Guid.NewGuid():N}");
        var session = await client.CreateSessionAsync();

        // Two seconds of paced deltas: a cold start's catch-up read (which chat-api now writes in one flush) covers a
        // small part of them.
        using var response = await client.SendAsync(session, "walk the skeleton [sim:long=80] [sim:delay=25]");
        var capture = await ChatClient.ReadAsync(response);

        response.Headers.GetValues("x-vercel-ai-ui-message-stream").Should().Equal("v1");
        capture.Types.Where(type => type?.StartsWith("data-", StringComparison.Ordinal) != true).Should().Equal(
            new[] { "start", "start-step", "text-start" }
                .Concat(Enumerable.Repeat("text-delta", capture.Types.Count(t => t == "text-delta")))
                .Concat(["text-end", "finish-step", "finish", null]));
        var deltas = capture.Chunks.Where(e => e.Type == "text-delta").ToList();
        deltas.Should().HaveCountGreaterThan(70);
        // A cold first turn may deliver its opening chunks in one catch-up read, so count the paced arrivals
        // instead of timing the whole span: a stream buffered to the end would have none.
        var pacedArrivals = deltas.Zip(deltas.Skip(1)).Count(pair => pair.Second.ArrivedAfter - pair.First.ArrivedAfter >= TimeSpan.FromMilliseconds(10));
        pacedArrivals.Should().BeGreaterThan(8, "chunks must reach the client as the model produces them, not in one burst at the end");
        var detail = await client.GetSessionAsync(session);
        var messages = detail.GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("role").GetString()).Should().Equal("user", "assistant");
        messages[1].GetProperty("content").GetString().Should().Be(capture.Text);
    }

    [Fact]
    public async Task A_turn_started_through_one_api_replica_resumes_through_the_other()
    {
        var user = $"e2e-{Guid.NewGuid():N}";
        using var first = new ChatClient(CopilotStack.CreateClient(fixture.Stack.ChatApis[0].BaseAddress, user), user);
        using var second = new ChatClient(CopilotStack.CreateClient(fixture.Stack.ChatApis[1].BaseAddress, user), user);
        var session = await first.CreateSessionAsync();
        using var started = await first.SendAsync(session, "replica hop [sim:long=50] [sim:delay=20]");
        var deltas = 0;
        var head = await ChatClient.ReadAsync(started, e => e.Type == "text-delta" && ++deltas == 5);

        using var resumed = await second.ResumeAsync(session, head.Events[^1].Id);
        var tail = await ChatClient.ReadAsync(resumed);

        resumed.StatusCode.Should().Be(HttpStatusCode.OK);
        var ids = head.Chunks.Concat(tail.Chunks).Select(e => e.Id).ToList();
        ids.Should().OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
        tail.Types.Should().EndWith(["finish", null]);
        var answer = (await first.GetSessionAsync(session)).GetProperty("messages")[1];
        (head.Text + tail.Text).Should().Be(answer.GetProperty("content").GetString(), "the resumed text continues exactly where the first replica stopped");
    }

    [Fact]
    public async Task Missing_or_invalid_tokens_are_401_problems_at_the_edge()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Stack.Gateway!.BaseAddress };
        using var forged = new HttpClient { BaseAddress = fixture.Stack.Gateway!.BaseAddress };
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Forged("mallory"));
        using var garbage = new HttpClient { BaseAddress = fixture.Stack.Gateway!.BaseAddress };
        garbage.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-jwt");

        foreach (var client in new[] { anonymous, forged, garbage })
        {
            var response = await client.GetAsync("/api/chat/sessions");
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        }
    }

    [Fact]
    public async Task Unknown_routes_are_404_problems()
    {
        using var client = await SignInAsync($"e2e-{Guid.NewGuid():N}");

        var response = await client.Http.GetAsync("/api/does-not-exist");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Malformed_json_through_the_gateway_is_a_400_problem()
    {
        using var client = await SignInAsync($"e2e-{Guid.NewGuid():N}");
        var session = await client.CreateSessionAsync();

        var response = await client.Http.PostAsync($"/api/chat/sessions/{session}/stream", new StringContent("{\"message\": ", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Oversize_bodies_are_rejected_with_413()
    {
        using var client = await SignInAsync($"e2e-{Guid.NewGuid():N}");
        var session = await client.CreateSessionAsync();
        var huge = JsonSerializer.Serialize(new { message = new string('x', 2 * 1024 * 1024) });

        var response = await client.Http.PostAsync($"/api/chat/sessions/{session}/stream", new StringContent(huge, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task The_development_token_endpoint_rejects_a_blank_user()
    {
        using var client = new HttpClient { BaseAddress = fixture.Stack.Gateway!.BaseAddress };

        var response = await client.PostAsJsonAsync("/dev/token", new { user_id = " " });

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Every_service_reports_health_and_liveness()
    {
        var services = new[] { fixture.Stack.Gateway!, fixture.Stack.LlmSim, fixture.Stack.Usage! }
            .Concat(fixture.Stack.ChatApis).Concat(fixture.Stack.Executors);
        using var http = new HttpClient();

        foreach (var service in services)
        {
            (await http.GetAsync(new Uri(service.BaseAddress, "/health"))).StatusCode.Should().Be(HttpStatusCode.OK, service.Name);
            (await http.GetAsync(new Uri(service.BaseAddress, "/alive"))).StatusCode.Should().Be(HttpStatusCode.OK, service.Name);
        }
    }
}
