namespace Copilot.Chat.Data;

/// <summary>Marker texts the web client recognises in message content.</summary>
public static class ChatMarkers
{
    /// <summary>Content starting with this is rendered as a system notice, not as the assistant speaking.</summary>
    public const string SystemPrefix = "[__COPILOT_SYSTEM_e3b0__]";

    /// <summary>Appended as an assistant row when the user stops a turn; stripped from the next turn's context.</summary>
    public const string StoppedByUser = SystemPrefix + " Execution stopped by user";
}
