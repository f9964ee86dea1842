using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Copilot.Gateway.WebClient;

/// <summary>
/// Serves the <c>.br</c> or <c>.gz</c> sibling that <c>web/build.sh</c> wrote next to each text asset when the browser
/// accepts that encoding: the request is pointed at the sibling before the static file middleware runs, and
/// <see cref="ApplyHeaders"/> restores the original file's media type and names the encoding.
/// </summary>
/// <remarks>
/// ASP.NET Core's own answer, <c>MapStaticAssets</c>, negotiates precompressed files from the endpoint manifest the
/// Web SDK writes for the project's <c>wwwroot</c> at build time. The web client is built by Vite outside the project
/// and served from a configurable folder (<c>WebClient:Root</c>; the tests serve <c>web/dist</c> or a folder of their
/// own), which no build manifest describes, so the negotiation is done here in a few lines over the static file
/// middleware, which still does the file serving itself (ETag, Last-Modified, ranges, HEAD).
/// </remarks>
internal sealed class PrecompressedFiles(IFileProvider files)
{
    private const string RewrittenFromKey = "Copilot.PrecompressedFiles.Original";

    // Preference order: brotli is smaller than gzip for the same file.
    private static readonly (string Encoding, string Extension)[] Encodings = [("br", ".br"), ("gzip", ".gz")];

    public static FileExtensionContentTypeProvider ContentTypes { get; } = CreateContentTypes();

    /// <summary>Middleware: rewrites the path to the best precompressed sibling the request accepts.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Path.HasValue
            && files.GetFileInfo(request.Path.Value) is { Exists: true, IsDirectory: false })
        {
            var siblings = Encodings.Where(e => files.GetFileInfo(request.Path.Value + e.Extension).Exists).ToList();
            if (siblings.Count > 0)
            {
                // The answer differs by Accept-Encoding whichever variant this request gets, so caches must key on it.
                context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                var accepted = AcceptedEncodings(request);
                if (siblings.FirstOrDefault(e => accepted.Contains(e.Encoding)) is { Encoding: not null } chosen)
                {
                    context.Items[RewrittenFromKey] = (request.Path, chosen.Encoding);
                    request.Path = new PathString(request.Path.Value + chosen.Extension);
                }
            }
        }

        return next(context);
    }

    /// <summary>From the static file middleware's OnPrepareResponse: a served sibling keeps its original's media type.</summary>
    public static void ApplyHeaders(HttpContext context)
    {
        if (context.Items[RewrittenFromKey] is not (PathString original, string encoding))
        {
            return;
        }

        context.Response.Headers.ContentEncoding = encoding;
        if (ContentTypes.TryGetContentType(original.Value!, out var contentType))
        {
            context.Response.ContentType = contentType;
        }
    }

    /// <summary>The request path the browser asked for, before any rewrite to a sibling.</summary>
    public static PathString OriginalPath(HttpContext context) =>
        context.Items[RewrittenFromKey] is (PathString original, string) ? original : context.Request.Path;

    private static HashSet<string> AcceptedEncodings(HttpRequest request)
    {
        var accepted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var values))
        {
            foreach (var value in values.Where(v => v.Quality is null or > 0))
            {
                accepted.Add(value.Value.Value!);
            }
        }

        return accepted;
    }

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        // Only reached for a sibling asked for by its own name; a negotiated one gets its original's type instead.
        provider.Mappings[".br"] = "application/octet-stream";
        return provider;
    }
}
