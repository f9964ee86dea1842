using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.Chat.Sessions;

/// <summary>
/// The session's <c>metadata</c> JSON object. Sub-sessions record their parent and nesting depth so delegation
/// cannot recurse without bound.
/// </summary>
public sealed record SessionMetadata(
    [property: JsonPropertyName("dry_run")] bool DryRun = false,
    [property: JsonPropertyName("parent_session_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ParentSessionId = null,
    [property: JsonPropertyName("depth"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Depth = 0)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Lenient: metadata written by older versions or by hand must not make a session unusable.</summary>
    public static SessionMetadata Parse(string? json)
    {
        try
        {
            return string.IsNullOrWhiteSpace(json) ? new SessionMetadata() : JsonSerializer.Deserialize<SessionMetadata>(json) ?? new SessionMetadata();
        }
        catch (JsonException)
        {
            return new SessionMetadata();
        }
    }
}
