using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Copilot.WebClient.BrowserTests.Edge;

/// <summary>What reached the upstream through the gateway; <see cref="BodyBytes"/> counts the body it received.</summary>
public sealed record UpstreamRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, long BodyBytes);

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
            // Read to the end, so a body the gateway cut short shows up as fewer bytes rather than passing unnoticed.
            var bodyBytes = await CountBytesAsync(context.Request.Body, context.RequestAborted);
            upstream.Requests.Enqueue(new UpstreamRequest(context.Request.Method, context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), bodyBytes));
            await next(context);
        });
        app.MapGet("/api/chat/sse", StreamAsync);
        app.Map("/{**path}", (HttpContext context) => Results.Json(new { path = context.Request.Path.Value }));
        await app.StartAsync();
        upstream.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return upstream;
    }

    private static async Task<long> CountBytesAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
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
