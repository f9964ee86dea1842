namespace Copilot.Chat.Data;

/// <summary>Marker texts the web client recognises in message content.</summary>
public static class ChatMarkers
{
    /// <summary>Content starting with this is rendered as a system notice, not as the assistant speaking.</summary>
    public const string SystemPrefix = "[__COPILOT_SYSTEM_e3b0__]";

    /// <summary>Content starting with this is rendered as an error card.</summary>
    public const string ErrorPrefix = "[__COPILOT_ERROR_f7a1__]";

    /// <summary>Appended as an assistant row when the user stops a turn; stripped from the next turn's context.</summary>
    public const string StoppedByUser = SystemPrefix + " Execution stopped by user";

    /// <summary>
    /// The assistant row a failed turn leaves behind. Every ended turn must leave an assistant row: otherwise the
    /// failed turn's user message would be merged into the next turn's input (and a resend would look like a duplicate).
    /// </summary>
    public static string Error(string text) => $"{ErrorPrefix} {text}";

    /// <summary>Notices for the user (stop markers, error cards) that the model must never read.</summary>
    public static bool IsNotice(string? content) =>
        content is not null && (content.StartsWith(SystemPrefix, StringComparison.Ordinal) || content.StartsWith(ErrorPrefix, StringComparison.Ordinal));
}
