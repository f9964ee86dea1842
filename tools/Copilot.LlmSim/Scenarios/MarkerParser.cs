using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Copilot.LlmSim.Scenarios;

public static class MarkerParser
{
    private const string Prefix = "[sim:";

    /// <summary>Anything that starts like a marker but does not close is left in the text as typed.</summary>
    public static MarkedText Parse(string text)
    {
        var markers = new List<SimMarker>();
        var remaining = new StringBuilder(text.Length);
        var position = 0;
        int start;
        while ((start = text.IndexOf(Prefix, position, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            if (TryReadMarker(text, start, out var marker, out var end))
            {
                remaining.Append(text, position, start - position);
                markers.Add(marker);
                position = end;
            }
            else
            {
                var resume = start + Prefix.Length;
                remaining.Append(text, position, resume - position);
                position = resume;
            }
        }

        remaining.Append(text, position, text.Length - position);
        return new MarkedText(markers, remaining.ToString());
    }

    private static bool TryReadMarker(string text, int start, [NotNullWhen(true)] out SimMarker? marker, out int end)
    {
        marker = null;
        end = 0;
        var nameStart = start + Prefix.Length;
        var index = nameStart;
        while (index < text.Length && IsNameChar(text[index]))
        {
            index++;
        }

        if (index == nameStart || index == text.Length)
        {
            return false;
        }

        var name = text[nameStart..index].ToLowerInvariant();
        if (text[index] == ']')
        {
            marker = new SimMarker(name, null);
            end = index + 1;
            return true;
        }

        if (text[index] != '=')
        {
            return false;
        }

        var argumentStart = index + 1;
        var closing = FindClosingBracket(text, argumentStart);
        if (closing < 0)
        {
            return false;
        }

        marker = new SimMarker(name, text[argumentStart..closing]);
        end = closing + 1;
        return true;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    /// <summary>Tool arguments are JSON with brackets and quoted <c>]</c> of their own: only a <c>]</c> outside both ends the marker.</summary>
    private static int FindClosingBracket(string text, int from)
    {
        var depth = 0;
        var inString = false;
        for (var index = from; index < text.Length; index++)
        {
            var c = text[index];
            if (inString)
            {
                if (c == '\\')
                {
                    index++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '[' or '{':
                    depth++;
                    break;
                case ']' when depth == 0:
                    return index;
                case ']' or '}':
                    depth--;
                    break;
            }
        }

        return -1;
    }
}
