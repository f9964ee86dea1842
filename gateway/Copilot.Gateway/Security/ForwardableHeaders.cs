using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Copilot.Gateway.Security;

/// <summary>
/// The client that forwards to the services writes header values as ASCII only, so a value holding anything else (a
/// UTF-8 name, stray bytes) would make YARP fail the forward with a 502. Such a request is the client's error: a proxied
/// route answers it with a 400 problem naming the header, before anything is sent upstream.
/// </summary>
public static class ForwardableHeaders
{
    // Printable ASCII, space and tab: a field value without obs-text or control characters (RFC 9110 §5.5).
    private static readonly SearchValues<char> Forwardable =
        SearchValues.Create("\t" + string.Concat(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c)));

    /// <summary>
    /// Kestrel's default decoding refuses bytes that are not UTF-8 with a bare 400 before the gateway sees them;
    /// decoded as Latin-1 every byte arrives as one character, so the check below names the header in each case.
    /// </summary>
    public static IHostApplicationBuilder AddForwardableHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1);
        return builder;
    }

    /// <summary>In the proxy pipeline only: the gateway's own endpoints forward nothing and may take any header.</summary>
    public static IReverseProxyApplicationBuilder UseForwardableHeadersOnly(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use((context, next) =>
        {
            var header = FirstUnforwardable(context.Request.Headers);
            return header is null
                ? next(context)
                : TypedResults.Problem(
                    detail: $"The value of the '{header}' header holds characters other than printable ASCII; the gateway cannot forward it.",
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["header"] = header }).ExecuteAsync(context);
        });
        return proxy;
    }

    private static string? FirstUnforwardable(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                if (value is not null && value.AsSpan().ContainsAnyExcept(Forwardable))
                {
                    return name;
                }
            }
        }

        return null;
    }
}
