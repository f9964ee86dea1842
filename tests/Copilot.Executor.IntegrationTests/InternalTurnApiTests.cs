using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Contracts;
using Copilot.Messaging;
using Copilot.Testing;
using MassTransit;

namespace Copilot.Executor.IntegrationTests;

[Collection(ExecutorStackCollection.Name)]
public sealed class InternalTurnApiTests(ExecutorStackFixture fixture)
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private HttpClient InternalClient(string? key = CopilotStack.InternalApiKey)
    {
        var http = new HttpClient { BaseAddress = fixture.Stack.ChatApis[0].BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("X-Internal-Api-Key", key);
        }

        return http;
    }

    private static Task<HttpResponseMessage> RunAsync(HttpClient http, object request) =>
        http.PostAsync("/internal/chat/turns", JsonContent.Create(request, options: SnakeCase));

    [Fact]
    public async Task A_prompt_runs_in_a_new_session_and_the_answer_comes_back()
    {
        using var http = InternalClient();
        var userId = $"svc-{Guid.NewGuid():N}";

        var response = await RunAsync(http, new { user_id = userId, message = "internal hello", timeout_seconds = 30 });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("outcome").GetString().Should().Be("completed");
        body.GetProperty("response_text").GetString().Should().Contain("internal hello");
        body.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().BePositive();
        var session = body.GetProperty("session_id").GetGuid();
        using var owner = fixture.Stack.CreateClient(userId);
        (await owner.GetAsync($"/api/chat/sessions/{session}")).StatusCode.Should().Be(HttpStatusCode.OK, "the session belongs to the user it ran for");
    }

    [Fact]
    public async Task A_tool_denied_to_the_parent_is_denied_to_its_sub_session()
    {
        using var http = InternalClient();
        var childPrompt = "[sim:tool=get_current_time]";
        var message = $"[sim:tool=run_sub_session:{JsonSerializer.Serialize(new { prompt = childPrompt, wait_for_result = 30 })}]";

        var response = await RunAsync(http, new
        {
            user_id = $"svc-{Guid.NewGuid():N}", message, timeout_seconds = 60,
            permissions = new { allow_all = true, allowed_tools = Array.Empty<string>(), denied_tools = new[] { "get_current_time" } },
        });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("outcome").GetString().Should().Be("completed");
        var delegation = body.GetProperty("tool_calls")[0];
        delegation.GetProperty("tool_name").GetString().Should().Be("run_sub_session");
        var child = JsonDocument.Parse(delegation.GetProperty("output").GetString()!).RootElement;
        var childCall = child.GetProperty("tool_calls")[0];
        childCall.GetProperty("tool_name").GetString().Should().Be("get_current_time");
        childCall.GetProperty("success").GetBoolean().Should().BeFalse();
        childCall.GetProperty("output").GetString().Should().Contain("not available");
    }

    [Fact]
    public async Task The_mode_of_an_internal_turn_reaches_the_model_and_its_sub_session()
    {
        using var http = InternalClient();
        const string showRequest = "[sim:context] [sim:ttft=0] [sim:delay=0]";
        var message = $"[sim:tool=run_sub_session:{JsonSerializer.Serialize(new { prompt = showRequest, wait_for_result = 30 })}] {showRequest}";

        var response = await RunAsync(http, new { user_id = $"svc-{Guid.NewGuid():N}", message, timeout_seconds = 60, mode = TurnModes.Fast });
        var invalid = await RunAsync(http, new { user_id = "svc", message = "hi", timeout_seconds = 0, mode = "slow" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("outcome").GetString().Should().Be("completed");
        body.GetProperty("response_text").GetString().Should().NotContain("reasoning budget", "a fast turn asks for no reasoning");
        var child = JsonDocument.Parse(body.GetProperty("tool_calls")[0].GetProperty("output").GetString()!).RootElement;
        child.GetProperty("response").GetString().Should().Contain("The request had").And.NotContain("reasoning budget", "the sub-session inherits the mode");
        invalid.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_message_for_a_busy_session_is_reported_queued_not_hidden()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, "busy [sim:long=40] [sim:delay=50]");
        using var http = InternalClient();

        var response = await RunAsync(http, new { session_id = session, user_id = user.UserId, message = "meanwhile", timeout_seconds = 0 });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("outcome").GetString().Should().Be("queued");
        body.GetProperty("queued").GetBoolean().Should().BeTrue();
        body.GetProperty("pending_buffer_length").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Requests_without_the_internal_credential_are_refused()
    {
        using var anonymous = InternalClient(key: null);
        using var wrong = InternalClient(key: "not-the-key");
        var request = new { user_id = "svc", message = "hi", timeout_seconds = 0 };

        (await RunAsync(anonymous, request)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await RunAsync(wrong, request)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Invalid_requests_and_foreign_sessions_are_problems()
    {
        using var http = InternalClient();
        using var owner = fixture.NewUser();
        var session = await owner.CreateSessionAsync();

        var tooLong = await RunAsync(http, new { user_id = "svc", message = "hi", timeout_seconds = 6 * 3600 + 1 });
        var blank = await RunAsync(http, new { user_id = "svc", message = " ", timeout_seconds = 0 });
        var foreign = await RunAsync(http, new { session_id = session, user_id = "someone-else", message = "hi", timeout_seconds = 0 });

        tooLong.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        blank.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreign.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_request_over_the_message_bus_from_another_process_gets_the_turns_result()
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(fixture.Stack.RabbitMq)));
        await bus.StartAsync();
        try
        {
            var client = bus.CreateRequestClient<RunSessionTurn>(QueueNames.Address(QueueNames.RunSessionTurn), RequestTimeout.After(s: 60));

            var response = await client.GetResponse<SessionTurnFinished>(
                new RunSessionTurn(SessionId: null, $"svc-{Guid.NewGuid():N}", "over the bus", TimeoutSeconds: 30, Permissions: null, Origin: "internal"));

            response.Message.Outcome.Should().Be(SessionOutcome.Completed);
            response.Message.Result.ResponseText.Should().Contain("over the bus");
            response.Message.SessionId.Should().NotBeNull();
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
