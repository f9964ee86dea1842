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
    public async Task<Admission> CheckAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var admission = await http.GetFromJsonAsync<Admission>($"/internal/usage/{Uri.EscapeDataString(userId)}/admission", cancellationToken);
            return admission ?? new Admission(true, null, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
                                          && !cancellationToken.IsCancellationRequested)
        {
            LogFailedOpen(exception, userId);
            return new Admission(true, null, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage admission check failed open for user {UserId}")]
    private partial void LogFailedOpen(Exception exception, string userId);
}
