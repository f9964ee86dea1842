using System.Text;

namespace Copilot.Chat.FollowUps;

/// <summary>How queued follow-ups are put in front of the model (pure functions; the seed's exact texts and caps).</summary>
public static class FollowUpPrompt
{
    public const int MaxCharsPerMessage = 2_000;
    public const int MaxTotalChars = 6_000;

    private const string Preamble =
        "The user sent the following message(s) while this tool was running. Treat them as a continuation of their " +
        "current request — acknowledge and act on them in your next response. Do not echo these tags back.";

    /// <summary>
    /// The <c>&lt;user_follow_up&gt;</c> block appended to a tool result. Each message is capped, the whole block is capped,
    /// and anything cut is announced so the model knows more was said.
    /// </summary>
    public static string FormatForInjection(IReadOnlyList<FollowUp> followUps)
    {
        if (followUps.Count == 0)
        {
            return "";
        }

        var entries = new List<string>();
        var total = 0;
        var dropped = 0;
        for (var index = 0; index < followUps.Count; index++)
        {
            var message = followUps[index];
            var text = message.Content.Length > MaxCharsPerMessage
                ? message.Content[..MaxCharsPerMessage] + "… [truncated]"
                : message.Content;
            var entry = new StringBuilder($"Message {index + 1}:\n{text}");
            if (!string.IsNullOrEmpty(message.Context?.Url))
            {
                entry.Append($"\n[Page URL: {message.Context.Url}]");
            }

            if (message.FileIds.Count > 0)
            {
                entry.Append("\n[Attached files: ").AppendJoin(", ", message.FileIds).Append(']');
            }

            if (total + entry.Length > MaxTotalChars)
            {
                dropped = followUps.Count - index;
                break;
            }

            total += entry.Length;
            entries.Add(entry.ToString());
        }

        var body = string.Join("\n\n", entries);
        if (dropped > 0)
        {
            body += $"\n\n… [{dropped} more message(s) truncated]";
        }

        return $"<user_follow_up>\n{Preamble}\n\n{body}\n</user_follow_up>";
    }

    /// <summary>A queued message as a plain user message: its text plus page context and attachment references.</summary>
    public static string AsUserMessage(FollowUp message)
    {
        var content = new StringBuilder(message.Content);
        if (!string.IsNullOrEmpty(message.Context?.Url))
        {
            content.Append($"\n\n[Page URL: {message.Context.Url}]");
        }

        if (!string.IsNullOrEmpty(message.Context?.Content))
        {
            content.Append($"\n\n[Page content]\n{message.Context.Content}");
        }

        if (message.FileIds.Count > 0)
        {
            content.Append("\n\n[Attached files]\n")
                .AppendJoin('\n', message.FileIds.Select(id => $"- file_id={id}"))
                .Append("\nUse read_workspace_file with the file_id to access file contents.");
        }

        return content.ToString();
    }

    /// <summary>
    /// One prompt from the turn's own message and follow-ups queued around it: those queued before the request
    /// arrived come first (typed earlier), those queued after come last (typed while it was being sent). A zero
    /// arrival time (legacy) puts everything before.
    /// </summary>
    public static string CombineWithCurrent(IReadOnlyList<FollowUp> followUps, string? current, double requestArrivalAt)
    {
        bool After(FollowUp message) => requestArrivalAt > 0 && message.EnqueuedAt > requestArrivalAt;
        var parts = followUps.Where(m => !After(m)).Select(AsUserMessage).ToList();
        if (!string.IsNullOrWhiteSpace(current))
        {
            parts.Add(current);
        }

        parts.AddRange(followUps.Where(After).Select(AsUserMessage));
        return string.Join("\n\n", parts);
    }
}
