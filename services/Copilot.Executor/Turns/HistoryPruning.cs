using System.Text.Json;
using Copilot.Chat.Data;

namespace Copilot.Executor.Turns;

/// <summary>Cleans the tail of a session's history before a new turn (in memory only; the rows stay stored).</summary>
public static class HistoryPruning
{
    /// <summary>
    /// Drops a trailing assistant row whose tool calls never got results (a turn stopped or killed mid-tool — the
    /// provider rejects such a history) together with everything after it, and trailing stopped-by-user markers.
    /// A fully answered tool-call row ends the scan. Returns how many rows were dropped.
    /// </summary>
    public static int PruneOrphanToolCalls(List<ChatMessage> messages)
    {
        int? cut = null;
        var resolved = new HashSet<string>(StringComparer.Ordinal);
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var message = messages[i];
            if (message.Role == ChatRoles.Tool && message.ToolCallId is { } answered)
            {
                resolved.Add(answered);
                continue;
            }

            if (message.Role == ChatRoles.Assistant && message.Content == ChatMarkers.StoppedByUser)
            {
                cut = i;
                continue;
            }

            if (message.Role == ChatRoles.Assistant && message.ToolCalls is { } toolCalls)
            {
                var pending = ToolCallIds(toolCalls);
                if (pending.Count > 0 && !pending.IsSubsetOf(resolved))
                {
                    cut = i;
                }
            }

            break;
        }

        if (cut is not { } index)
        {
            return 0;
        }

        var removed = messages.Count - index;
        messages.RemoveRange(index, removed);
        return removed;
    }

    private static HashSet<string> ToolCallIds(string toolCallsJson)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(toolCallsJson);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in document.RootElement.EnumerateArray())
                {
                    if (call.ValueKind == JsonValueKind.Object && call.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } value)
                    {
                        ids.Add(value);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Unreadable tool calls cannot be answered either; treat them as none.
        }

        return ids;
    }
}
