using System.Text;
using Copilot.Executor.Tools.Common;

namespace Copilot.Executor.Tools.Web;

/// <summary>Turns a fetched response into the tool's answer: capped read, charset decoding, HTML to text.</summary>
public static class WebFetchResponse
{
    private enum Kind { Html, Text, Unknown, Binary }

    public static async Task<ToolResult> ReadAsync(
        Uri url, HttpResponseMessage response, int maxBytes, int maxChars, CancellationToken cancellationToken)
    {
        var contentType = response.Content.Headers.ContentType;
        var mediaType = contentType?.MediaType?.ToLowerInvariant();
        var kind = Classify(mediaType);
        if (kind == Kind.Binary)
        {
            // Refused before the body is read: a large download would be wasted.
            return ToolResult.Error($"web_fetch cannot read {url}: its content type is {mediaType}, and only HTML and text "
                + "(plain, markdown, JSON, XML) can be shown.");
        }

        var (bytes, bytesCut) = await ReadCappedAsync(response, maxBytes, cancellationToken);
        if (kind == Kind.Unknown && Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return ToolResult.Error($"web_fetch cannot read {url}: it has no content type and looks binary.");
        }

        var text = Decode(bytes, contentType?.CharSet);
        string? title = null;
        if (kind == Kind.Html)
        {
            var page = HtmlText.Convert(text);
            title = page.Title;
            text = page.Text;
        }

        var charsCut = text.Length > maxChars;
        return ToolOutput.Json(new
        {
            Url = url.AbsoluteUri,
            Status = (int)response.StatusCode,
            ContentType = mediaType,
            Title = title,
            Content = charsCut ? text[..maxChars] : text,
            Truncated = bytesCut || charsCut,
        });
    }

    private static Kind Classify(string? mediaType) => mediaType switch
    {
        null or "" => Kind.Unknown,
        "text/html" or "application/xhtml+xml" => Kind.Html,
        _ when mediaType.StartsWith("text/", StringComparison.Ordinal) => Kind.Text,
        "application/json" or "application/xml" or "application/javascript" or "application/ecmascript" or "application/yaml"
            or "application/x-yaml" or "application/x-ndjson" or "application/toml" => Kind.Text,
        _ when mediaType.EndsWith("+json", StringComparison.Ordinal) || mediaType.EndsWith("+xml", StringComparison.Ordinal) => Kind.Text,
        _ => Kind.Binary,
    };

    /// <summary>Reads at most <paramref name="maxBytes"/>; past it the rest is left unread (the connection is dropped).</summary>
    private static async Task<(byte[] Bytes, bool Cut)> ReadCappedAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (buffer.Length <= maxBytes)
        {
            var read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length)), cancellationToken);
            if (read == 0)
            {
                return (buffer.ToArray(), false);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.GetBuffer().AsSpan(0, maxBytes).ToArray(), true);
    }

    /// <summary>The header's charset when .NET knows it, else UTF-8 (which ASCII pages also are).</summary>
    private static string Decode(byte[] bytes, string? charset)
    {
        var encoding = Encoding.UTF8;
        if (!string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"', '\'', ' '));
            }
            catch (ArgumentException)
            {
                // An unknown or unsupported charset: UTF-8 shows most of such a page correctly.
            }
        }

        var text = encoding.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }
}
