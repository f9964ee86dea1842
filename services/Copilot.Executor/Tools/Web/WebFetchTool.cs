using System.Net;
using System.Text.Json.Nodes;
using Copilot.Executor.Tools.Common;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Tools.Web;

/// <summary>
/// Reads a public web page as text. Every hop is checked by <see cref="UrlPolicy"/> and every connection by
/// <see cref="SafeConnector"/>, so internal addresses stay out of reach whatever the model or a page asks for.
/// </summary>
public sealed class WebFetchTool(IHttpClientFactory clients, IOptionsMonitor<WebFetchOptions> options) : ICopilotTool
{
    public const string HttpClientName = "web_fetch";

    /// <summary>Half the model's tool-output cap, so the JSON around the text (and its escapes) always fits.</summary>
    public const int MaxContentChars = ToolRunner.MaxOutputCharsForModel / 2;

    public string Name => "web_fetch";

    public string Description =>
        "Fetches a public web page (GET, http or https) and returns it as readable text: the final url after redirects, "
        + "status, content_type, the HTML title, and content (HTML reduced to text; plain text, markdown and JSON as they are). "
        + "Binary content such as images or PDFs cannot be read, and internal or private network addresses are refused. "
        + $"content stops after max_chars characters (default and at most {MaxContentChars}) with truncated=true.";

    public JsonObject ParametersSchema => JsonNode.Parse($$"""
        {
          "type": "object",
          "properties": {
            "url": { "type": "string", "description": "Absolute http:// or https:// URL of the page." },
            "max_chars": { "type": "integer", "minimum": 1, "maximum": {{MaxContentChars}}, "description": "Most characters of content to return. Default {{MaxContentChars}}." }
          },
          "required": ["url"]
        }
        """)!.AsObject();

    public async Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        string url;
        int? maxChars;
        try
        {
            var arguments = new ToolArguments(invocation.Arguments);
            url = arguments.RequiredString("url").Trim();
            maxChars = arguments.OptionalInt("max_chars");
        }
        catch (ToolArgumentException exception)
        {
            return ToolResult.Error(exception.Message);
        }

        if (maxChars < 1)
        {
            return ToolResult.Error("'max_chars' must be at least 1.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return ToolResult.Error($"'{url}' is not an absolute URL; pass one starting with https:// or http://.");
        }

        var settings = options.CurrentValue;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            var limit = Math.Min(maxChars ?? MaxContentChars, MaxContentChars);
            return await FetchAsync(uri, settings, limit, timeout.Token);
        }
        catch (Exception exception) when (Refusal(exception) is { } refusal)
        {
            return ToolResult.Error(refusal.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolResult.Error($"web_fetch gave up on {uri}: no complete answer within {settings.Timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return ToolResult.Error($"web_fetch could not fetch {uri}: {exception.Message}");
        }
    }

    private async Task<ToolResult> FetchAsync(Uri uri, WebFetchOptions settings, int maxChars, CancellationToken cancellationToken)
    {
        var allowed = new HostAllowList(settings.AllowedHosts);
        var client = clients.CreateClient(HttpClientName);
        var current = uri;
        for (var redirects = 0; ; redirects++)
        {
            UrlPolicy.Check(current, allowed);
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.TryAddWithoutValidation("User-Agent", settings.UserAgent);
            request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.9,*/*;q=0.5");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                if (redirects >= settings.MaxRedirects)
                {
                    return ToolResult.Error($"web_fetch stopped at {current}: it redirects again after {settings.MaxRedirects} redirects.");
                }

                current = new Uri(current, location);
                continue;
            }

            return await WebFetchResponse.ReadAsync(current, response, settings.MaxResponseBytes, maxChars, cancellationToken);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>A refusal from the connector arrives wrapped in the handler's HttpRequestException.</summary>
    private static WebFetchRefusedException? Refusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is WebFetchRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }
}
