using System.Net;
using System.Text;

namespace Copilot.Executor.Tools.Web;

/// <summary>An HTML page reduced to what a reader sees: its title and its text, one block per line.</summary>
public sealed record HtmlPage(string? Title, string Text);

/// <summary>
/// HTML to readable text with a single forward scan. A DOM parser (AngleSharp) would be more faithful, but the model
/// only needs the words and their line structure; a linear scan has no dependency, cannot backtrack on hostile markup,
/// and keeps going through broken HTML. Script, style and head content is dropped, block elements become line breaks,
/// entities are decoded and whitespace is collapsed (including inside &lt;pre&gt;, a known simplification).
/// </summary>
public static class HtmlText
{
    /// <summary>Elements whose content is never shown as text.</summary>
    private static readonly HashSet<string> Skipped =
        ["script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object", "canvas", "select"];

    private static readonly HashSet<string> Blocks =
    [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    ];

    public static HtmlPage Convert(string html)
    {
        var text = new StringBuilder(html.Length / 2);
        string? title = null;
        var i = 0;
        while (i < html.Length)
        {
            var open = html.IndexOf('<', i);
            if (open < 0)
            {
                AppendText(text, html.AsSpan(i));
                break;
            }

            AppendText(text, html.AsSpan(i, open - i));
            if (string.CompareOrdinal(html, open, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", open + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                continue;
            }

            var j = open + 1;
            var closing = j < html.Length && html[j] == '/';
            if (closing)
            {
                j++;
            }

            var nameStart = j;
            while (j < html.Length && char.IsAsciiLetterOrDigit(html[j]))
            {
                j++;
            }

            if (j == nameStart)
            {
                // "<!DOCTYPE …>", "<?xml …?>" and "</ >" are markup; a lone "<" (as in "a < b") is text.
                if (j < html.Length && html[j] is '!' or '?' || closing)
                {
                    i = TagEnd(html, j);
                }
                else
                {
                    text.Append('<');
                    i = open + 1;
                }

                continue;
            }

            var name = html[nameStart..j].ToLowerInvariant();
            i = TagEnd(html, j);
            var selfClosing = i >= 2 && html[i - 2] == '/';
            if (!closing && !selfClosing && Skipped.Contains(name))
            {
                var close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                if (close < 0 && name == "head")
                {
                    // An unclosed head (the tag is optional) would otherwise swallow the page.
                    continue;
                }

                var content = close < 0 ? html[i..] : html[i..close];
                if (name == "title")
                {
                    title ??= Collapse(WebUtility.HtmlDecode(content));
                }
                else if (name == "head")
                {
                    title ??= FindTitle(content);
                }

                i = close < 0 ? html.Length : TagEnd(html, close + 2 + name.Length);
                continue;
            }

            // An item starts its own line; its end adds none, so a list has no blank lines inside.
            if (name == "li" && !closing)
            {
                text.Append("\n- ");
            }
            else if (Blocks.Contains(name))
            {
                text.Append('\n');
            }
            else if (name is "td" or "th" && !closing)
            {
                text.Append(" | ");
            }
        }

        return new HtmlPage(string.IsNullOrEmpty(title) ? null : title, Normalize(WebUtility.HtmlDecode(text.ToString())));
    }

    private static string? FindTitle(string head)
    {
        var start = head.IndexOf("<title", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        var contentStart = TagEnd(head, start + 6);
        var close = head.IndexOf("</title", contentStart, StringComparison.OrdinalIgnoreCase);
        return Collapse(WebUtility.HtmlDecode(close < 0 ? head[contentStart..] : head[contentStart..close]));
    }

    /// <summary>Index just past the tag's closing '&gt;', skipping quoted attribute values.</summary>
    private static int TagEnd(string html, int from)
    {
        char? quote = null;
        for (var k = from; k < html.Length; k++)
        {
            var c = html[k];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return k + 1;
            }
        }

        // An unbalanced quote: fall back to the first '>' rather than dropping the rest of the page.
        var plain = html.IndexOf('>', from);
        return plain < 0 ? html.Length : plain + 1;
    }

    /// <summary>Source line breaks are only spacing in HTML; lines come from block elements.</summary>
    private static void AppendText(StringBuilder text, ReadOnlySpan<char> segment)
    {
        foreach (var c in segment)
        {
            text.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
    }

    private static string Collapse(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Collapses spacing inside lines (the decoded &amp;nbsp; included) and keeps at most one blank line in a row.</summary>
    private static string Normalize(string text)
    {
        var result = new StringBuilder(text.Length);
        var blankRun = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = Collapse(rawLine);
            if (line.Length == 0)
            {
                blankRun++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blankRun > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blankRun = 0;
        }

        return result.ToString();
    }
}
