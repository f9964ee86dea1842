namespace Copilot.ChatApi.Models;

/// <summary>Body of <c>POST /sessions/{id}/stream</c>.</summary>
public sealed record StreamChatRequest(
    string? Message,
    bool IsUserMessage = true,
    Dictionary<string, string>? Context = null,
    List<string>? FileIds = null,
    string? Mode = null,
    string? Model = null)
{
    public const int MaxFileIds = 20;
}

/// <summary>202 body: the message was queued for the running turn.</summary>
public sealed record QueueFollowUpResponse(int BufferLength, int MaxBufferLength, bool TurnInFlight);

public sealed record PeekFollowUpsResponse(IReadOnlyList<string> Messages, int Count);

public sealed record CancelSessionResponse(bool Cancelled, string? Reason);

/// <summary>Body of <c>POST /sessions/{id}/messages/pending/withdraw</c>: the queued message's exact text.</summary>
public sealed record WithdrawFollowUpRequest(string? Message);

public sealed record WithdrawFollowUpResponse(bool Withdrawn, int Count);
