using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Copilot.WebClient.BrowserTests.Edge;

/// <summary>What reached the upstream through the gateway.</summary>
public sealed record UpstreamRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Stands in for every service behind the gateway, so the edge is tested on its own: it records each request and
/// answers 200, except <c>/api/chat/sse</c>, which streams <see cref="SseEvents"/> events <see cref="SseInterval"/> apart.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    public const int SseEvents = 5;
    public static readonly TimeSpan SseInterval = TimeSpan.FromMilliseconds(400);

    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app) => _app = app;

    public ConcurrentQueue<UpstreamRequest> Requests { get; } = new();

    public Uri Address { get; private set; } = null!;

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.Use(async (context, next) =>
        {
            upstream.Requests.Enqueue(new UpstreamRequest(context.Request.Method, context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await next(context);
        });
        app.MapGet("/api/chat/sse", StreamAsync);
        app.Map("/{**path}", (HttpContext context) => Results.Json(new { path = context.Request.Path.Value }));
        await app.StartAsync();
        upstream.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return upstream;
    }

    private static async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < SseEvents; i++)
        {
            await context.Response.WriteAsync($"id: {i}\ndata: {{\"n\":{i}}}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(SseInterval, context.RequestAborted);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
