using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Copilot.Contracts;

namespace Copilot.Executor.Tools.SubSessions;

/// <summary>What run_sub_session and get_sub_session_result answer (snake_case JSON; the web client links the child).</summary>
public sealed record SubSessionStatus(
    [property: JsonPropertyOrder(-3)] string Status,
    string Message,
    Guid SubSessionId,
    [property: JsonIgnore] Guid ParentSessionId,
    double ElapsedSeconds,
    // Right after the status: a reader that skims the start of the JSON should meet the child's answer.
    [property: JsonPropertyOrder(-2)] string? Response = null,
    IReadOnlyList<ToolCallEntry>? ToolCalls = null,
    SubSessionProgress? Progress = null,
    [property: JsonPropertyName("pending_buffer_length")] int? FollowUpBufferLength = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Type => "sub_session_status";

    public Guid SubAutopilotSessionId => SubSessionId;

    public string SubAutopilotSessionLink => Link(SubSessionId);

    [JsonPropertyName("session_id")]
    public Guid SessionId => ParentSessionId;

    public static string Link(Guid sessionId) => $"/copilot?sessionId={sessionId}";

    public ToolResult ToResult() => new(JsonSerializer.Serialize(this, Json));

    /// <summary>The seed's wording per outcome, so the model reads the same guidance it was prompted for.</summary>
    public static SubSessionStatus From(SessionOutcome outcome, SessionResult result, Guid subSessionId, Guid parentSessionId, TimeSpan elapsed)
    {
        var link = Link(subSessionId);
        var seconds = Math.Round(elapsed.TotalSeconds, 2);
        var whole = elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        return outcome switch
        {
            SessionOutcome.Completed => new("completed", $"Sub-AutoPilot completed. View at {link}.", subSessionId, parentSessionId, seconds,
                result.ResponseText, result.ToolCalls),
            SessionOutcome.Failed => new("error", "Sub-AutoPilot failed. See the sub's transcript for details.", subSessionId, parentSessionId, seconds),
            SessionOutcome.Queued => new("queued",
                $"Target session already had a turn in flight; the message was queued ({result.FollowUpBufferLength} now pending) and will be " +
                $"processed by the existing turn on its next drain. Call get_sub_session_result to poll progress or watch live at {link}.",
                subSessionId, parentSessionId, seconds, FollowUpBufferLength: result.FollowUpBufferLength),
            _ => new("running",
                $"Sub-AutoPilot is still running after {whole}s. Watch live at {link}. Call get_sub_session_result " +
                "(optionally with include_progress=true) to wait, poll, or inspect progress.", subSessionId, parentSessionId, seconds),
        };
    }
}

/// <summary>The last few messages of a still-running sub-session, cut short, so the parent can see where it is.</summary>
public sealed record SubSessionProgress(int MessageCount, IReadOnlyList<SubSessionProgressMessage> LastMessages);

public sealed record SubSessionProgressMessage(string Role, string Content);
