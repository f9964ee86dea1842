using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Copilot.Gateway.WebClient;

/// <summary>
/// Serves the single-page web client: its files as static files (anonymous, before routing so they never meet the
/// authorization fallback), and <c>index.html</c> for any other page path so deep links like
/// <c>/copilot?sessionId=…</c> survive a reload. API-shaped paths never fall back: an unknown API path stays a 404.
/// </summary>
public static partial class WebClientExtensions
{
    private const string IndexFile = "index.html";

    private static readonly PathString[] ReservedPrefixes = ["/api", "/dev", "/internal", "/health", "/alive"];

    public static IHostApplicationBuilder AddWebClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebClientOptions>().BindConfiguration(WebClientOptions.SectionName);
        return builder;
    }

    public static WebApplication UseWebClientFiles(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<WebClientOptions>>().Value.ResolvedRoot;
        if (!File.Exists(Path.Combine(root, IndexFile)))
        {
            LogWebClientMissing(app.Logger, root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        var precompressed = new PrecompressedFiles(files);
        app.Use(precompressed.InvokeAsync);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = PrecompressedFiles.ContentTypes,
            OnPrepareResponse = context =>
            {
                PrecompressedFiles.ApplyHeaders(context.Context);
                context.Context.Response.Headers.CacheControl = CacheControlFor(PrecompressedFiles.OriginalPath(context.Context));
            },
        });
        return app;
    }

    public static WebApplication MapWebClientFallback(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<WebClientOptions>>().Value.ResolvedRoot;
        var index = Path.Combine(root, IndexFile);
        app.MapFallback("{**path}", (HttpContext context) =>
            IsPagePath(context.Request) && File.Exists(index)
                ? ServeIndex(context, index)
                : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>A page the client routes; a path with a file extension is a missing asset (404), never the app.</summary>
    private static bool IsPagePath(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !Path.HasExtension(request.Path.Value)
        && !ReservedPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private static IResult ServeIndex(HttpContext context, string index)
    {
        // Always revalidated, so a new build's asset names are picked up on the next load.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.File(index, "text/html; charset=utf-8");
    }

    /// <summary>Vite puts a content hash in every asset name under <c>/assets</c>, so those never change.</summary>
    private static string CacheControlFor(PathString path) =>
        path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache";

    [LoggerMessage(Level = LogLevel.Warning, Message = "No web client at {Root} (build it with `npm ci && npm run build` in web/); only the API is served")]
    private static partial void LogWebClientMissing(ILogger logger, string root);
}
