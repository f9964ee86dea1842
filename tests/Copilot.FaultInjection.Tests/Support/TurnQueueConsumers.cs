using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.FaultInjection.Tests.Support;

/// <summary>
/// Who consumes the <c>run-copilot-turn</c> queue, from RabbitMQ's management API. An executor whose receive endpoint
/// never came back after a fault still looks alive — its process runs, its watchdog ends turns — but it takes no turn.
/// </summary>
public sealed class TurnQueueConsumers(FaultStackFixture fixture)
{
    private const string Queue = "run-copilot-turn";

    /// <summary>Waits until every live executor consumes turns again (the broker's statistics lag by a few seconds).</summary>
    public async Task WaitForEveryExecutorAsync(TimeSpan timeout)
    {
        var expected = fixture.LiveExecutors.Count;
        var consumers = await Eventually.ReadAsync(CountAsync, until: consumers => consumers == expected, timeout, every: TimeSpan.FromSeconds(1));
        consumers.Should().Be(expected, "each of the {0} live executors must consume {1} again (logs: {2})", expected, Queue, fixture.Log.Path);
    }

    private async Task<int> CountAsync()
    {
        var management = fixture.Infrastructure.Servers.RabbitMQManagementUrl!;
        var virtualHost = Uri.EscapeDataString(new Uri(fixture.Stack.RabbitMq).AbsolutePath.Trim('/'));
        using var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = RabbitMQManagement.GuestAuthentication;
        try
        {
            var consumers = await http.GetFromJsonAsync<JsonElement>($"api/consumers/{virtualHost}");
            return consumers.EnumerateArray()
                .Where(consumer => consumer.GetProperty("queue").GetProperty("name").GetString() == Queue)
                .Select(consumer => consumer.GetProperty("channel_details").GetProperty("connection_name").GetString())
                .Distinct()
                .Count();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return -1;
        }
    }
}
