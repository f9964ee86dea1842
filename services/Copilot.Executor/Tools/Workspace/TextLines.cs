using System.Text;
using Copilot.Executor.Tools.Common;

namespace Copilot.Executor.Tools.Workspace;

/// <summary>
/// Lines <see cref="StartLine"/>..<see cref="EndLine"/> (1-based, inclusive; both 0 for an empty file) of a text of
/// <see cref="TotalLines"/> lines. <see cref="Truncated"/>: the content stops before the requested end; when
/// <see cref="LastLineCut"/> the last line shown is itself only a prefix (a single line longer than the budget).
/// </summary>
public sealed record LineSlice(int TotalLines, int StartLine, int EndLine, string Content, bool Truncated, bool LastLineCut);

/// <summary>Line arithmetic for reading text files piecewise. Lines end at '\n'; a final '\n' does not start another line.</summary>
public static class TextLines
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 text (a leading BOM dropped); bytes that are not UTF-8 or contain NUL are binary.</summary>
    public static bool TryDecode(byte[] content, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }

        if (text.Contains('\0'))
        {
            text = "";
            return false;
        }

        text = text.TrimStart('\uFEFF');
        return true;
    }

    public static int Count(string text) =>
        text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);

    /// <summary>
    /// The requested lines (all when both bounds are null; an end past the last line means "to the end"), cut at a
    /// line boundary so the content stays within <paramref name="maxChars"/>.
    /// </summary>
    /// <exception cref="ToolArgumentException">The range is not 1-based, is reversed, or starts past the last line.</exception>
    public static LineSlice Slice(string text, int? startLine, int? endLine, int maxChars)
    {
        var start = startLine ?? 1;
        if (start < 1 || endLine < 1)
        {
            throw new ToolArgumentException("start_line and end_line are 1-based: the first line is 1.");
        }

        if (endLine < start)
        {
            throw new ToolArgumentException($"end_line {endLine} is before start_line {start}.");
        }

        var lineStarts = LineStarts(text);
        var total = lineStarts.Count;
        if (total == 0)
        {
            return start == 1
                ? new LineSlice(0, 0, 0, "", Truncated: false, LastLineCut: false)
                : throw new ToolArgumentException($"start_line {start} is past the end of the file: it is empty.");
        }

        if (start > total)
        {
            throw new ToolArgumentException($"start_line {start} is past the end of the file ({total} lines).");
        }

        var end = Math.Min(endLine ?? total, total);
        var from = lineStarts[start - 1];
        var shown = end;
        while (EndOf(text, lineStarts, shown) - from > maxChars && shown > start)
        {
            shown--;
        }

        var to = EndOf(text, lineStarts, shown);
        var lastLineCut = to - from > maxChars;
        if (lastLineCut)
        {
            // Never split a surrogate pair: the model would read a replacement character.
            to = char.IsHighSurrogate(text[from + maxChars - 1]) ? from + maxChars - 1 : from + maxChars;
        }

        return new LineSlice(total, start, shown, text[from..to], Truncated: shown < end || lastLineCut, lastLineCut);
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int>();
        if (text.Length == 0)
        {
            return starts;
        }

        starts.Add(0);
        for (var index = text.IndexOf('\n'); index >= 0 && index + 1 < text.Length; index = text.IndexOf('\n', index + 1))
        {
            starts.Add(index + 1);
        }

        return starts;
    }

    /// <summary>Where line <paramref name="line"/> (1-based) ends, its "\n" or "\r\n" excluded.</summary>
    private static int EndOf(string text, List<int> lineStarts, int line)
    {
        var end = line < lineStarts.Count ? lineStarts[line] - 1 : text.EndsWith('\n') ? text.Length - 1 : text.Length;
        return end > lineStarts[line - 1] && text[end - 1] == '\r' ? end - 1 : end;
    }
}
