using System.Diagnostics;
using System.Globalization;
using System.Net;
using Copilot.Testing;

namespace Copilot.Operations.IntegrationTests;

/// <summary>Every response says how long the platform took with it: the service's own time, and the gateway's on top.</summary>
[Collection(OperationsStackCollection.Name)]
public sealed class ServerTimingTests(OperationsStackFixture fixture)
{
    [Fact]
    public async Task A_service_reports_its_own_processing_time()
    {
        using var client = CopilotStack.CreateClient(fixture.Stack.ChatApis[0].BaseAddress, $"timing-{Guid.NewGuid():N}");

        using var response = await client.GetAsync("/api/chat/sessions");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Entries(response).Keys.Should().Equal("app");
        Entries(response)["app"].Should().BeInRange(0, 10_000);
    }

    [Fact]
    public async Task The_gateway_keeps_the_services_entry_and_adds_its_wait_and_its_own_overhead()
    {
        using var client = fixture.Stack.CreateClient($"timing-{Guid.NewGuid():N}");

        using var response = await client.GetAsync("/api/chat/sessions");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var entries = Entries(response);
        entries.Keys.Should().BeEquivalentTo(["app", "upstream", "gateway"]);
        entries["upstream"].Should().BeGreaterThanOrEqualTo(entries["app"], "the gateway's wait for the upstream contains the upstream's own time");
        entries["gateway"].Should().BeInRange(0, 10_000);
    }

    [Fact]
    public async Task A_response_the_gateway_makes_itself_carries_only_the_gateway_entry()
    {
        using var client = new HttpClient { BaseAddress = fixture.Stack.Gateway!.BaseAddress };

        using var response = await client.GetAsync("/alive");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Entries(response).Keys.Should().Equal("gateway");
    }

    [Fact]
    public async Task A_stream_reports_its_time_to_headers_and_still_arrives_as_it_is_produced()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        var clock = Stopwatch.StartNew();

        using var response = await user.SendAsync(session, "time me [sim:long=30] [sim:delay=40]");
        var headersAfter = clock.Elapsed;
        var capture = await SseReader.ReadAllAsync(response, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var doneAfter = clock.Elapsed;

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var entries = Entries(response);
        entries.Keys.Should().BeEquivalentTo(["app", "upstream", "gateway"]);
        capture.Events.Should().Contain(e => e.IsDone);
        (doneAfter - headersAfter).Should().BeGreaterThan(TimeSpan.FromMilliseconds(800), "the headers, timing included, leave before the turn is produced");
        entries["app"].Should().BeLessThan(headersAfter.TotalMilliseconds, "the service times its response start, not the whole stream");
        var arrivals = capture.Chunks.Where(e => e.Type == "text-delta").Select(e => e.ArrivedAfter).ToList();
        arrivals.Zip(arrivals.Skip(1)).Count(pair => pair.Second - pair.First >= TimeSpan.FromMilliseconds(15))
            .Should().BeGreaterThan(8, "chunks are paced by the model, not held back and delivered at once");
    }

    /// <summary>The <c>Server-Timing</c> entries as name → milliseconds, in header order.</summary>
    private static Dictionary<string, double> Entries(HttpResponseMessage response)
    {
        response.Headers.TryGetValues("Server-Timing", out var values).Should().BeTrue("every response carries Server-Timing");
        var entries = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in values!.SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var parameters = entry.Split(';', StringSplitOptions.TrimEntries);
            var duration = parameters.Skip(1).Single(parameter => parameter.StartsWith("dur=", StringComparison.Ordinal));
            entries.Add(parameters[0], double.Parse(duration[4..], CultureInfo.InvariantCulture));
        }

        return entries;
    }
}
