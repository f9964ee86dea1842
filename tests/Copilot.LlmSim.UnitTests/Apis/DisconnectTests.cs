using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

/// <summary>Reads streams while they are still open, as idle-watchdog and cancel tests of a real client would.</summary>
public sealed class DisconnectTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private const string RoleDelta = "\"role\":\"assistant\"";

    [Fact]
    public async Task Hang_sends_the_role_delta_then_nothing_until_the_client_disconnects()
    {
        using var response = await OpenStreamAsync(factory.CreateClient(), "[sim:hang]");
        await using var stream = await response.Content.ReadAsStreamAsync();

        var received = await ReadUntilAsync(stream, RoleDelta);
        using var idle = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var readMore = async () => await stream.ReadAsync(new byte[256], idle.Token);

        received.Should().StartWith(": OPENROUTER PROCESSING").And.Contain(RoleDelta).And.NotContain("[DONE]");
        await readMore.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Client_disconnect_ends_a_slow_generation_promptly()
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = factory
            .WithWebHostBuilder(builder => builder.ConfigureServices(services =>
                services.AddSingleton<IStartupFilter>(new CompletionProbe(finished))))
            .CreateClient();

        // Left alone this would take over eight minutes.
        var response = await OpenStreamAsync(client, "[sim:long=1000][sim:slow=500]");
        await ReadUntilAsync(await response.Content.ReadAsStreamAsync(), RoleDelta);
        response.Dispose();

        var ended = async () => await finished.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await ended.Should().NotThrowAsync();
    }

    private static async Task<HttpResponseMessage> OpenStreamAsync(HttpClient client, string userText)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CompletionsPath)
        {
            Content = JsonContent.Create(Body(stream: true, User(userText))),
        };
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<string> ReadUntilAsync(Stream stream, string expected)
    {
        var text = new StringBuilder();
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!text.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    /// <summary>Signals when the server has finished handling a completion, whichever way it ended.</summary>
    private sealed class CompletionProbe(TaskCompletionSource finished) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                await nextMiddleware(context);
                if (context.Request.Path == CompletionsPath)
                {
                    finished.TrySetResult();
                }
            });
            next(app);
        };
    }
}
