using System.Text.Json.Serialization;
using Copilot.Text;

namespace Copilot.Chat.FollowUps;

/// <summary>Page context a follow-up was typed on. Unknown keys from clients are ignored, never an error.</summary>
public sealed record FollowUpContext(
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("content")] string? Content)
{
    public const int MaxUrlLength = 2_000;
    public const int MaxContentLength = 32_000;

    public static FollowUpContext? From(IReadOnlyDictionary<string, string>? context) =>
        context is null ? null : new FollowUpContext(context.GetValueOrDefault("url"), context.GetValueOrDefault("content"));
}

/// <summary>A follow-up queued while a turn runs. <see cref="EnqueuedAt"/> is Unix seconds (0 = legacy, sorts first).</summary>
public sealed record FollowUp(
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("file_ids")] IReadOnlyList<string> FileIds,
    [property: JsonPropertyName("context")] FollowUpContext? Context,
    [property: JsonPropertyName("enqueued_at")] double EnqueuedAt)
{
    public const int MaxContentLength = 32_000;

    /// <summary>Whether its text can become a chat row (an entry queued before the input rules may not).</summary>
    public bool IsStorable() =>
        new[] { Content, Context?.Url, Context?.Content }.Concat(FileIds ?? []).All(text => text is null || TextRules.FindProblem(text) is null);
}
