using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Hosting.Dashboard.Counters;
using Copilot.Hosting.IntegrationTests.Support;
using FluentAssertions;

namespace Copilot.Hosting.IntegrationTests;

public sealed class DashboardTests : IAsyncLifetime
{
    private readonly HttpClient _client = new();
    private DistributedApplication _application = null!;

    public async Task InitializeAsync()
    {
        var builder = TestApplications.CreateBuilder(options => options.DashboardPort = 0);
        builder.AddExecutable("talker", "sh", "/tmp", "-c", "echo hello-from-talker; exec sleep 300");
        builder.AddCounters(new CounterSource("steady", _ => Task.FromResult<object>(new { depth = 7 })))
            .AddCounters(new CounterSource("broken", _ => throw new InvalidOperationException("server refused")))
            .AddCounters(new CounterSource("silent", async cancellationToken =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return new object();
            }));
        _application = builder.Build();
        await _application.StartAsync();
        _client.BaseAddress = _application.DashboardUrl;
    }

    public async Task DisposeAsync()
    {
        await _application.StopAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task The_resource_list_shows_state_pid_and_restarts_of_every_replica()
    {
        var resources = await _client.GetFromJsonAsync<JsonElement>("api/resources");

        var talker = resources.EnumerateArray().Single(resource => resource.GetProperty("name").GetString() == "talker");
        talker.GetProperty("type").GetString().Should().Be("Executable");
        var instance = talker.GetProperty("instances")[0];
        instance.GetProperty("state").GetString().Should().Be("Running");
        instance.GetProperty("pid").GetInt32().Should().BePositive();
        instance.GetProperty("restartCount").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task The_page_and_a_replicas_console_output_are_served()
    {
        var page = await _client.GetStringAsync("/");
        await Eventually.HoldsAsync(() => _application.GetLogs("talker", 0).Count > 0, TimeSpan.FromSeconds(5), "output");

        var logs = await _client.GetFromJsonAsync<JsonElement>("api/resources/talker/0/logs?after=0");

        page.Should().Contain("Copilot AppHost").And.Contain("api/resources");
        logs.GetProperty("entries").EnumerateArray().Select(entry => entry.GetProperty("text").GetString())
            .Should().Contain("hello-from-talker");
        logs.GetProperty("next").GetInt64().Should().BePositive();
    }

    [Fact]
    public async Task Replicas_can_be_restarted_and_scaled()
    {
        var restart = await _client.PostAsync("api/resources/talker/0/restart", null);
        var scaleUp = await _client.PostAsJsonAsync("api/resources/talker/replicas", new { count = 2 });
        var unknown = await _client.PostAsJsonAsync("api/resources/nobody/replicas", new { count = 2 });
        var metrics = await _client.GetAsync("api/metrics");

        restart.StatusCode.Should().Be(HttpStatusCode.Accepted);
        scaleUp.StatusCode.Should().Be(HttpStatusCode.Accepted);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        metrics.StatusCode.Should().Be(HttpStatusCode.OK);
        await Eventually.HoldsAsync(
            () => _application.GetResources().Single().Instances is [{ RestartCount: 1, Pid: not null }, { Pid: not null }],
            TimeSpan.FromSeconds(10),
            "a restarted first replica and a running second one");
    }

    [Fact]
    public async Task Counters_of_a_failing_or_silent_source_are_reported_unavailable_and_the_others_still_shown()
    {
        var report = await _client.GetFromJsonAsync<JsonElement>("api/counters");

        var sources = report.GetProperty("sources").EnumerateArray().ToDictionary(source => source.GetProperty("name").GetString()!);
        sources.Keys.Should().Equal("steady", "broken", "silent");
        sources["steady"].GetProperty("available").GetBoolean().Should().BeTrue();
        sources["steady"].GetProperty("values").GetProperty("depth").GetInt32().Should().Be(7);
        sources["broken"].GetProperty("available").GetBoolean().Should().BeFalse();
        sources["broken"].GetProperty("error").GetString().Should().Be("server refused");
        sources["silent"].GetProperty("available").GetBoolean().Should().BeFalse();
        sources["silent"].GetProperty("error").GetString().Should().Contain("no answer");
        sources["silent"].GetProperty("elapsedMs").GetDouble().Should().BeLessThan(10_000);
    }

    private sealed class CounterSource(string name, Func<CancellationToken, Task<object>> read) : ICounterSource
    {
        public string Name => name;

        public Task<object> ReadAsync(CancellationToken cancellationToken) => read(cancellationToken);
    }
}
