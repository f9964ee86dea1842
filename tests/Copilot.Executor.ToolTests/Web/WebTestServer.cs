using System.Text;
using Copilot.Testing.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Copilot.Executor.ToolTests.Web;

/// <summary>A few pages on 127.0.0.1 for <c>web_fetch</c> to read, redirect through and be cut on.</summary>
public sealed class WebTestServer : IAsyncDisposable
{
    public const string PageHtml = """
        <!DOCTYPE html><html><head><title>Opening hours &amp; prices</title>
        <script>document.write("<p>injected</p>")</script><style>p { margin: 0 }</style></head>
        <body><h1>Opening hours</h1><p>Monday&nbsp;to Friday,   9&ndash;17.</p><ul><li>Tea: 2 &euro;</li><li>Cake: 3 &euro;</li></ul></body></html>
        """;

    private readonly WebApplication _app;
    private int _unavailableHits;

    private WebTestServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Authority => $"127.0.0.1:{Port}";

    public int UnavailableHits => Volatile.Read(ref _unavailableHits);

    public string Url(string path) => $"http://{Authority}{path}";

    public static async Task<WebTestServer> StartAsync()
    {
        var port = PortAllocator.GetFreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new WebTestServer(app, port);
        app.MapGet("/page", () => Results.Text(PageHtml, "text/html; charset=utf-8"));
        app.MapGet("/notes.md", () => Results.Text("# Notes\n\n- keep   spacing\n", "text/markdown"));
        app.MapGet("/moved", () => Results.Redirect("/page"));
        app.MapGet("/moved-twice", () => Results.Redirect(server.Url("/moved")));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        app.MapGet("/to-private", () => Results.Redirect("http://10.0.0.1/admin"));
        app.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        app.MapGet("/to-ftp", () => Results.Redirect("ftp://127.0.0.1/file"));
        app.MapGet("/big", () => Results.Text(new string('x', 1_000_000), "text/plain"));
        app.MapGet("/pixel.png", () => Results.Bytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0 }, "image/png"));
        app.MapGet("/unavailable", () =>
        {
            Interlocked.Increment(ref server._unavailableHits);
            return Results.Text("<p>Down for maintenance</p>", "text/html", Encoding.UTF8, StatusCodes.Status503ServiceUnavailable);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
