using System.Net.Http.Json;

namespace Copilot.ChatApi.Usage;

/// <summary>The usage service's verdict on whether a user may start a turn now.</summary>
public sealed record Admission(bool Allowed, string? Detail, DateTimeOffset? ResetsAt);

/// <summary>
/// Asks the usage service (internal API) whether a turn may start. Fails open: if usage cannot answer, chat keeps
/// working and the miss is logged, matching the seed's behaviour when its rate-limit store is down.
/// </summary>
public sealed partial class UsageAdmissionClient(HttpClient http, ILogger<UsageAdmissionClient> logger)
{
    /// <summary>Admits (and reserves an estimate for) the turn about to start, or says why not.</summary>
    public async Task<Admission> CheckAsync(string userId, Guid turnId, CancellationToken cancellationToken)
    {
        try
        {
            var admission = await http.GetFromJsonAsync<Admission>(
                $"/internal/usage/{Uri.EscapeDataString(userId)}/admission?turn_id={turnId:D}", cancellationToken);
            return admission ?? new Admission(true, null, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
                                          && !cancellationToken.IsCancellationRequested)
        {
            LogFailedOpen(exception, userId);
            return new Admission(true, null, null);
        }
    }

    /// <summary>Frees the reservation of an admitted turn that never started (best effort; it also lapses on its own).</summary>
    public async Task ReleaseAsync(string userId, Guid turnId)
    {
        try
        {
            using var response = await http.DeleteAsync($"/internal/usage/{Uri.EscapeDataString(userId)}/reservations/{turnId:D}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            LogReleaseFailed(exception, userId, turnId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the usage reservation of turn {TurnId} for user {UserId}")]
    private partial void LogReleaseFailed(Exception exception, string userId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage admission check failed open for user {UserId}")]
    private partial void LogFailedOpen(Exception exception, string userId);
}
