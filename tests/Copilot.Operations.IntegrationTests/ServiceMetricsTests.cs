using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.AppHost.Counters;
using Copilot.Testing;

namespace Copilot.Operations.IntegrationTests;

/// <summary>
/// The services' instruments, read the way the dashboard reads them: each process's metrics snapshot, summed per service
/// by <see cref="ServiceMetricCounters"/>. Counters are cumulative per process, so tests compare before and after.
/// </summary>
[Collection(OperationsStackCollection.Name)]
public sealed class ServiceMetricsTests(OperationsStackFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_metrics_snapshot_answers_only_the_internal_credential_even_on_the_gateway()
    {
        using var anonymous = new HttpClient();
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Stack.ChatApis[0].BaseAddress, "/internal/metrics"));
        wrongKey.Headers.Add("X-Internal-Api-Key", "guess");

        var chatApiAnonymous = await anonymous.GetAsync(new Uri(fixture.Stack.ChatApis[0].BaseAddress, "/internal/metrics"));
        var gatewayAnonymous = await anonymous.GetAsync(new Uri(fixture.Stack.Gateway!.BaseAddress, "/internal/metrics"));
        var chatApiWrongKey = await anonymous.SendAsync(wrongKey);
        var gateway = await SnapshotAsync(fixture.Stack.Gateway.BaseAddress);
        var executor = await SnapshotAsync(fixture.Stack.Executors[0].BaseAddress);

        chatApiAnonymous.StatusCode.Should().Be(HttpStatusCode.NotFound);
        gatewayAnonymous.StatusCode.Should().Be(HttpStatusCode.NotFound);
        chatApiWrongKey.StatusCode.Should().Be(HttpStatusCode.NotFound);
        gateway.GetProperty("service").GetString().Should().Be("Copilot.Gateway");
        executor.GetProperty("service").GetString().Should().Be("Copilot.Executor");
    }

    [Fact]
    public async Task The_gateways_own_429s_are_counted_by_reason()
    {
        var before = await ThrottledAsync("gateway", "anonymous-per-ip");
        using var client = new HttpClient { BaseAddress = fixture.Stack.Gateway!.BaseAddress };

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < OperationsStackFixture.AnonymousPermitLimit + 2; attempt++)
        {
            using var response = await client.PostAsJsonAsync("/dev/token", new { user_id = $"throttled-{attempt}" });
            statuses.Add(response.StatusCode);
        }

        var rejected = statuses.Count(status => status == HttpStatusCode.TooManyRequests);
        rejected.Should().BeGreaterThanOrEqualTo(2);
        var after = await ThrottledAsync("gateway", "anonymous-per-ip");
        after.Should().Be(before + rejected);
    }

    [Fact]
    public async Task A_turn_is_counted_in_every_service_it_passes_through()
    {
        var before = await ReadAsync();
        using var client = fixture.Stack.CreateClient($"metrics-{Guid.NewGuid():N}");
        var session = (await (await client.PostAsJsonAsync("/api/chat/sessions", new { })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetGuid();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/chat/sessions/{session}/stream")
        {
            // About 3 s of answer: the snapshot below reads five services and must still find the stream open.
            Content = JsonContent.Create(new { message = "count me [sim:tool=get_current_time] [sim:long=75] [sim:delay=40]" }),
        }, HttpCompletionOption.ResponseHeadersRead);
        using var reading = new CancellationTokenSource(Patience);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(reading.Token));
        await ReadUntilAsync(stream, line => line.Contains("\"text-delta\"", StringComparison.Ordinal), reading.Token);
        var whileStreaming = await ReadAsync();
        await ReadUntilAsync(stream, line => line == "data: [DONE]", reading.Token);

        whileStreaming.OpenSseStreams["chat-api"].Should().Be(before.OpenSseStreams["chat-api"] + 1);
        whileStreaming.OpenSseStreams["gateway"].Should().Be(before.OpenSseStreams["gateway"] + 1);
        whileStreaming.ExecutorActiveTurns.Should().Be(1);
        var after = await Eventually.MatchesAsync(ReadAsync,
            values => Value(values, "copilot-executor", "copilot.turns.completed", ("outcome", "completed")) > Value(before, "copilot-executor", "copilot.turns.completed", ("outcome", "completed"))
                && values.OpenSseStreams["chat-api"] == before.OpenSseStreams["chat-api"]
                && values.OpenSseStreams["gateway"] == before.OpenSseStreams["gateway"]
                && values.ExecutorActiveTurns == 0,
            Patience, "the executor to count the completed turn and return from its consumer, and both streams to close");
        Value(after, "chat-api", "copilot.turns.started", ("origin", "chat")).Should().Be(Value(before, "chat-api", "copilot.turns.started", ("origin", "chat")) + 1);
        Value(after, "usage", "copilot.usage.admissions", ("decision", "allowed")).Should().BeGreaterThan(Value(before, "usage", "copilot.usage.admissions", ("decision", "allowed")));
        Value(after, "copilot-executor", "copilot.tool.calls", ("tool", "get_current_time"), ("outcome", "succeeded"))
            .Should().Be(Value(before, "copilot-executor", "copilot.tool.calls", ("tool", "get_current_time"), ("outcome", "succeeded")) + 1);
        Count(after, "copilot-executor", "copilot.llm.time_to_first_token").Should().BeGreaterThanOrEqualTo(Count(before, "copilot-executor", "copilot.llm.time_to_first_token") + 2,
            "the tool round and the answer round are two model calls");
        after.Services.Values.Should().OnlyContain(service => service.Reachable == service.Replicas);
    }

    private static async Task ReadUntilAsync(StreamReader stream, Func<string, bool> isLast, CancellationToken cancellationToken)
    {
        while (await stream.ReadLineAsync(cancellationToken) is { } line && !isLast(line))
        {
        }
    }

    private async Task<ServiceCountersValues> ReadAsync() =>
        (ServiceCountersValues)await new ServiceMetricCounters(fixture.Services(), CopilotStack.InternalApiKey).ReadAsync(CancellationToken.None);

    private async Task<long> ThrottledAsync(string service, string reason) =>
        (await ReadAsync()).Throttled.Where(row => row.Service == service && row.Reason == reason).Sum(row => row.Count);

    private static double Value(ServiceCountersValues values, string service, string instrument, params (string Key, string Value)[] tags) =>
        Points(values, service, instrument, tags).Sum(point => point.Value ?? 0);

    private static long Count(ServiceCountersValues values, string service, string instrument) =>
        Points(values, service, instrument, []).Sum(point => point.Count ?? 0);

    private static IEnumerable<Copilot.ServiceDefaults.Telemetry.MetricPoint> Points(
        ServiceCountersValues values, string service, string instrument, (string Key, string Value)[] tags) =>
        values.Services[service].Instruments.Where(candidate => candidate.Name == instrument)
            .SelectMany(candidate => candidate.Points)
            .Where(point => tags.All(tag => point.Tags.TryGetValue(tag.Key, out var value) && value == tag.Value));

    private static async Task<JsonElement> SnapshotAsync(Uri service)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(service, "/internal/metrics"));
        request.Headers.Add("X-Internal-Api-Key", CopilotStack.InternalApiKey);
        using var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
