using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Testing;
using StackExchange.Redis;

namespace Copilot.Executor.IntegrationTests;

/// <summary>
/// The usage limit on every turn path, with usage running: each user gets a daily cap of their own (an admin
/// override in Redis) set just above what they have "spent", so one simulated model round (its prompt alone costs
/// far more than 200 microdollars) crosses it, while a turn reserves only <see cref="Estimate"/>.
/// </summary>
/// <remarks>Its own stack, because one test kills the executor.</remarks>
public sealed class UsageLimitTurnTests : IAsyncLifetime
{
    private const long Estimate = 1;
    private const long DailyLimit = 1_000_000;
    private const string LimitText = "You've reached your daily usage limit. Resets in ";

    /// <summary>The executor's defaults: the round output floor, and the standard model's prices in µ$ per token (the simulator's too).</summary>
    private const long MinRoundOutputTokens = 512;
    private const long InputPrice = 3;
    private const long OutputPrice = 15;
    private readonly ExecutorStackFixture _fixture = new();

    private IDatabase Db => _fixture.Redis.GetDatabase();

    public Task InitializeAsync()
    {
        _fixture.Options.WithUsage = true;
        _fixture.Options.Environment["Usage__DefaultTurnEstimateMicrodollars"] = Estimate.ToString(CultureInfo.InvariantCulture);
        return _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task A_turn_whose_real_cost_outruns_its_reservation_against_a_nearly_exhausted_limit_stops_before_its_next_round()
    {
        using var user = _fixture.NewUser();
        await SpendAsync(user.UserId, DailyLimit - 200);
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, "what time is it [sim:tool=get_current_time] [sim:ttft=0]");

        capture.Types.Should().Contain("tool-output-available", "the first round ran on the turn's reservation");
        capture.Text.Should().NotContain("returned", "the round that would read the tool result never ran");
        capture.Types.Should().EndWith(["error", "finish", null]);
        capture.Chunks.Single(e => e.Type == "error").Json.GetProperty("errorText").GetString().Should().StartWith(LimitText);
        // A failed turn's card is stored by whoever wins its end, just after the finish chunk: wait for it.
        await Eventually.TrueAsync(async () => (await _fixture.HistoryAsync(session)).Count == 4, ChatClient.Patience);
        var history = await _fixture.HistoryAsync(session);
        history.Select(m => m.Role).Should().Equal("user", "assistant", "tool", "assistant");
        history[^1].Content.Should().StartWith(ChatMarkers.Error(LimitText));
    }

    [Fact]
    public async Task A_long_answer_started_at_99_percent_of_the_limit_is_cut_to_the_budget_and_ends_with_the_limit_message()
    {
        using var user = _fixture.NewUser();
        const long remaining = DailyLimit / 100;
        await SpendAsync(user.UserId, DailyLimit - remaining);
        var session = await user.CreateSessionAsync();

        // Uncapped, 10 000 words at 15 µ$ per output token would cost over 150 000 µ$: the limit plus 15 %.
        var capture = await user.ChatAsync(session, "tell me everything [sim:long=10000] [sim:ttft=0] [sim:delay=0]");

        var usage = capture.Chunks.Single(e => e.Type == "data-usage").Json.GetProperty("data");
        var promptTokens = usage.GetProperty("prompt_tokens").GetInt64();
        usage.GetProperty("completion_tokens").GetInt64().Should().BeLessThanOrEqualTo(Math.Max(MinRoundOutputTokens, remaining / OutputPrice),
            "the round asked for no more output than the remaining budget pays for, or the floor");
        capture.Text.Should().StartWith("[simulated]", "the user still gets the start of the answer");
        capture.Types.Should().EndWith(["error", "finish", null]);
        capture.Chunks.Single(e => e.Type == "error").Json.GetProperty("errorText").GetString().Should().StartWith(LimitText);
        await Eventually.TrueAsync(async () => (await _fixture.HistoryAsync(session)).Count == 3, ChatClient.Patience);
        var history = await _fixture.HistoryAsync(session);
        history.Select(m => m.Role).Should().Equal("user", "assistant", "assistant");
        history[1].Content.Should().Be(capture.Text);
        history[2].Content.Should().StartWith(ChatMarkers.Error(LimitText), "the cut answer says why it stopped");

        // The documented bound: past the limit by at most the floor at the output price plus the round's input.
        var spent = (long)await Db.StringGetAsync(DailyKey(user.UserId));
        spent.Should().BeGreaterThan(DailyLimit, "the round was charged before the turn ended");
        (spent - DailyLimit).Should().BeLessThanOrEqualTo(MinRoundOutputTokens * OutputPrice + promptTokens * InputPrice);
    }

    [Fact]
    public async Task A_follow_up_queued_by_a_user_whose_turn_crossed_the_limit_ends_with_the_limit_and_never_reaches_the_model()
    {
        using var user = _fixture.NewUser();
        await SpendAsync(user.UserId, DailyLimit - 200);
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, "tell me something [sim:long=30] [sim:delay=30]");
        var reading = await ChatClient.ReadInBackgroundAsync(running, TurnEvents.ModelCalled);

        using var queued = await user.SendAsync(session, "and one more thing");
        var first = await reading;

        ((int)queued.StatusCode).Should().Be(202);
        first.Types.Should().NotContain("error", "the first turn was admitted and had one round");
        await Eventually.TrueAsync(async () => (await _fixture.HistoryAsync(session)).Count == 4, ChatClient.Patience);
        var history = await _fixture.HistoryAsync(session);
        history.Select(m => m.Role).Should().Equal("user", "assistant", "user", "assistant");
        history[2].Content.Should().Be("and one more thing", "the follow-up is kept in the conversation");
        history[3].Content.Should().StartWith(ChatMarkers.Error(LimitText), "the continuation ends with the limit, not an answer");
        (await Db.HashGetAsync(RedisKeys.TurnMeta(session), "status")).ToString().Should().Be("failed");
    }

    [Fact]
    public async Task A_sub_session_started_at_the_limit_is_refused_with_a_tool_error_for_the_parent_model()
    {
        using var user = _fixture.NewUser();
        await SpendAsync(user.UserId, 0);
        var parent = await user.CreateSessionAsync();
        var delegation = JsonSerializer.Serialize(new { prompt = "child task", wait_for_result = 30 });

        // The parent is admitted and its first round checked; the user reaches the cap while that round runs, so the
        // sub-session it then starts is refused (whatever the bus has delivered by then), and the parent's next round too.
        using var running = await user.SendAsync(parent, $"[sim:tool=run_sub_session:{delegation}] [sim:ttft=500]");
        var reading = await ChatClient.ReadInBackgroundAsync(running, TurnEvents.ModelCalled);
        await SpendAsync(user.UserId, DailyLimit);
        var capture = await reading;

        capture.Chunks.Single(e => e.Type == "tool-output-error").Json.GetProperty("errorText").GetString()
            .Should().StartWith("Sub-AutoPilot was not started: " + LimitText);
        capture.Types.Should().NotContain("tool-output-available");
        await using var db = _fixture.NewDbContext();
        var children = db.Sessions.Where(s => s.UserId == user.UserId && s.Id != parent).Select(s => s.Id).ToList();
        foreach (var child in children)
        {
            (await _fixture.HistoryAsync(child)).Should().BeEmpty("a refused sub-session stores and runs nothing");
        }
    }

    [Fact]
    public async Task An_internal_turn_for_a_user_at_the_limit_is_a_429_with_the_limit_text_and_runs_nothing()
    {
        var userId = $"svc-{Guid.NewGuid():N}";
        await SpendAsync(userId, DailyLimit);
        using var http = new HttpClient { BaseAddress = _fixture.Stack.ChatApis[0].BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Internal-Api-Key", CopilotStack.InternalApiKey);

        var response = await http.PostAsJsonAsync("/internal/chat/turns", new Dictionary<string, object>
        {
            ["user_id"] = userId, ["message"] = "internal hello", ["timeout_seconds"] = 30,
        });

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().StartWith(LimitText);
        await using var db = _fixture.NewDbContext();
        db.Messages.Count(m => db.Sessions.Any(s => s.Id == m.SessionId && s.UserId == userId)).Should().Be(0);
    }

    [Fact]
    public async Task The_reservation_of_a_turn_whose_executor_died_is_released()
    {
        using var user = _fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, "long story [sim:long=400] [sim:delay=30]");
        var turnId = (await Db.HashGetAsync(RedisKeys.TurnMeta(session), "turn_id")).ToString();
        (await Db.HashExistsAsync(ReservedKey(user.UserId), turnId)).Should().BeTrue("the admitted turn reserves its estimate");
        Task? replacement = null;
        // A replacement worker has to start before anyone can end the turn: slow on a loaded machine.
        var capture = await SseReader.ReadAllAsync(running, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token, e =>
        {
            if (e.Type == "text-delta" && replacement is null)
            {
                _fixture.Stack.Executors[^1].Kill();
                replacement = _fixture.Stack.StartExecutorAsync(_fixture.Options, replica: _fixture.Stack.Executors.Count);
            }

            return false;
        });
        replacement.Should().NotBeNull("the turn should have streamed text before the kill");
        await replacement!;

        // Ended by the replacement worker (redelivery) or the watchdog: either announces the end, so usage releases it
        // now rather than after its 30-minute TTL.
        capture.Types.Should().EndWith(["error", "finish", null]);
        await Eventually.TrueAsync(async () => !await Db.HashExistsAsync(ReservedKey(user.UserId), turnId), TimeSpan.FromSeconds(15));
    }

    private static string ReservedKey(string userId) => $"copilot:cost:reserved:{userId}";

    private static string DailyKey(string userId) => $"copilot:cost:daily:{userId}:{DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Gives the user their own daily cap and sets today's spend, as if earlier turns had been metered. The tier is
    /// stored too: this stack runs no billing, and a refusal for an unknown tier would wait for billing's answer.
    /// </summary>
    private async Task SpendAsync(string userId, long dailyUsed)
    {
        await Db.HashSetAsync($"copilot:tier:{userId}", [new HashEntry("tier", "FREE"), new HashEntry("effective_at", 0), new HashEntry("source", "event")]);
        await Db.HashSetAsync($"copilot:limits:{userId}", [new HashEntry("daily", DailyLimit)]);
        await Db.StringSetAsync(DailyKey(userId), dailyUsed, TimeSpan.FromHours(25));
    }
}
