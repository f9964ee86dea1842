using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.ChatApi.Models;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateSessionRequest(bool DryRun = false);

public sealed record SessionCreatedResponse(Guid Id, DateTimeOffset CreatedAt, string UserId, JsonElement Metadata);

public sealed record SessionSummary(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Title, bool IsProcessing);

public sealed record SessionListResponse(IReadOnlyList<SessionSummary> Sessions, int Total);

public sealed record ActiveStream(Guid TurnId, string LastMessageId);

/// <summary>One history row; <see cref="IsError"/> (ours, not the seed's) marks a tool row whose tool failed.</summary>
public sealed record MessageResponse(
    int Sequence,
    string Role,
    string? Content,
    JsonElement? ToolCalls,
    string? ToolCallId,
    string? Name,
    DateTimeOffset CreatedAt,
    bool IsError);

public sealed record SessionDetailResponse(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UserId,
    string? Title,
    IReadOnlyList<MessageResponse> Messages,
    ActiveStream? ActiveStream,
    bool HasMoreMessages,
    int? OldestSequence,
    long TotalPromptTokens,
    long TotalCompletionTokens,
    JsonElement Metadata);

public sealed record RenameSessionRequest(string? Title);

public sealed record StatusResponse(string Status);

public sealed record SuggestedPromptTheme(string Name, IReadOnlyList<string> Prompts);

public sealed record SuggestedPromptsResponse(IReadOnlyList<SuggestedPromptTheme> Themes);

public sealed record StreamTtlResponse(long StreamTtlSeconds, long StreamTtlMs);
