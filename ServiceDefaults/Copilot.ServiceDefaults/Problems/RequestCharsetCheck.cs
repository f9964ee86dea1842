using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Copilot.ServiceDefaults.Problems;

/// <summary>
/// Refuses a body whose declared charset cannot be decoded (<c>application/json; charset=foo</c>) with 415, before
/// any endpoint reads it: ASP.NET's JSON binding throws a plain InvalidOperationException for it, which would be a 500.
/// </summary>
internal sealed class RequestCharsetCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Every request passes here: only a Content-Type that names a charset is parsed.
        if (context.Request.ContentType?.Contains("charset", StringComparison.OrdinalIgnoreCase) == true
            && MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && mediaType.Charset is { HasValue: true } charset
            && !IsDecodable(charset.Value!))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status415UnsupportedMediaType, Detail = "The request body's charset is not supported; send UTF-8." },
            });
            return;
        }

        await next(context);
    }

    private static bool IsDecodable(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
