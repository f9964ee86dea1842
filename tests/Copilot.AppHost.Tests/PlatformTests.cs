using System.Net;
using Aspire.Hosting.ApplicationModel;
using Copilot.Testing;

namespace Copilot.AppHost.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PlatformTests(PlatformFixture platform)
{
    /// <summary>Each read asks the dashboard for all of its telemetry: polled gently.</summary>
    private static readonly TimeSpan DashboardPollInterval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Every_resource_runs_and_the_executor_has_two_replicas()
    {
        var notifications = platform.Application.ResourceNotifications;
        foreach (var name in PlatformFixture.Resources.Where(name => name != "copilot-executor"))
        {
            notifications.TryGetCurrentState(name, out var current).Should().BeTrue($"{name} is declared");
            current!.Snapshot.State?.Text.Should().Be(KnownResourceStates.Running, name);
            current.Snapshot.HealthStatus.Should().Be(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, name);
        }

        // A replica is an instance of its own (copilot-executor-<suffix>); watching replays every instance's state first.
        var replicas = new Dictionary<string, string?>();
        using var replay = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await foreach (var update in notifications.WatchAsync(replay.Token))
            {
                if (update.Resource.Name == "copilot-executor")
                {
                    replicas[update.ResourceId] = update.Snapshot.State?.Text;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The replay is over.
        }

        replicas.Should().HaveCount(2).And.OnlyContain(replica => replica.Value == KnownResourceStates.Running);
    }

    [Fact]
    public async Task A_turn_through_the_gateway_is_one_trace_across_the_gateway_chat_api_and_an_executor()
    {
        using var user = await platform.CreateUserClientAsync();
        var session = await user.CreateSessionAsync();
        var stream = await user.ChatAsync(session, "hello [sim:tool=get_current_time]");
        stream.Events.Should().Contain(sse => sse.Type == "finish");

        using var telemetry = new DashboardTelemetry(platform.Dashboard, platform.DashboardApiKey);
        var services = await Eventually.ReadAsync(async () =>
        {
            var spans = await telemetry.SpansAsync();
            var traceIds = spans
                .Where(entry => entry.Service == "gateway" && (DashboardTelemetry.Attribute(entry.Span["attributes"], "url.path") ?? "").Contains(session.ToString()))
                .Select(entry => entry.Span["traceId"]!.GetValue<string>())
                .ToHashSet();
            return spans.Where(entry => traceIds.Contains(entry.Span["traceId"]!.GetValue<string>())).Select(entry => entry.Service).ToHashSet();
        }, found => found.IsSupersetOf(["gateway", "chat-api", "copilot-executor"]), TimeSpan.FromSeconds(90), every: DashboardPollInterval);

        services.Should().Contain(["gateway", "chat-api", "copilot-executor"]);
    }

    [Fact]
    public async Task Every_service_exports_metrics_logs_and_traces_to_the_dashboard()
    {
        using var telemetry = new DashboardTelemetry(platform.Dashboard, platform.DashboardApiKey);

        var resources = await Eventually.ReadAsync(
            telemetry.ResourcesAsync,
            found => found.Count(resource => resource!["hasMetrics"]!.GetValue<bool>()) >= 6,
            TimeSpan.FromSeconds(90),
            every: DashboardPollInterval);

        foreach (var service in new[] { "gateway", "chat-api", "copilot-executor", "usage", "billing", "llm-sim" })
        {
            resources.Should().Contain(resource => resource!["name"]!.GetValue<string>() == service && resource["hasMetrics"]!.GetValue<bool>() && resource["hasLogs"]!.GetValue<bool>(),
                $"{service} sends its meters and structured logs over OTLP");
        }
    }

    [Fact]
    public async Task The_dashboard_refuses_a_client_without_its_login_token_or_api_key()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = platform.Dashboard };

        using var page = await anonymous.GetAsync("/");
        using var api = await anonymous.GetAsync("api/telemetry/resources");
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "api/telemetry/logs");
        wrongKey.Headers.Add("x-api-key", "not-the-key");
        using var logs = await anonymous.SendAsync(wrongKey);

        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/login");
        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        logs.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await page.Content.ReadAsStringAsync() + await api.Content.ReadAsStringAsync()).Should().NotContain("Password=");
    }
}
