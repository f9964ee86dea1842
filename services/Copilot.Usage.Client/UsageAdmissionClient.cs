using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Copilot.Usage.Client;

/// <summary>
/// <see cref="ITurnAdmission"/> over usage's internal API. Fails open: if usage cannot answer, chat keeps working and
/// the miss is logged, matching the seed's behaviour when its rate-limit store is down.
/// </summary>
public sealed partial class UsageAdmissionClient(HttpClient http, ILogger<UsageAdmissionClient> logger) : ITurnAdmission
{
    public async Task<TurnAdmission> AdmitAsync(string userId, Guid turnId, CancellationToken cancellationToken)
    {
        try
        {
            var admission = await http.GetFromJsonAsync<TurnAdmission>(
                $"/internal/usage/{Uri.EscapeDataString(userId)}/admission?turn_id={turnId:D}", AdmissionJson.Options, cancellationToken);
            return admission ?? TurnAdmission.Allow;
        }
        catch (Exception exception) when (IsUnanswered(exception, cancellationToken))
        {
            LogFailedOpen(exception, userId, turnId);
            return TurnAdmission.Allow;
        }
    }

    public async Task<TurnAdmission> ExtendAsync(string userId, Guid turnId, IReadOnlyList<TurnCharge> charges, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync($"/internal/usage/{Uri.EscapeDataString(userId)}/reservations/{turnId:D}/extend",
                new ExtendReservationRequest(charges), AdmissionJson.Options, cancellationToken);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<TurnAdmission>(AdmissionJson.Options, cancellationToken) ?? TurnAdmission.Allow;
        }
        catch (Exception exception) when (IsUnanswered(exception, cancellationToken))
        {
            // The charges still reach usage through their LlmUsageRecorded messages.
            LogFailedOpen(exception, userId, turnId);
            return TurnAdmission.Allow;
        }
    }

    public async Task<bool> ReleaseAsync(string userId, Guid turnId)
    {
        try
        {
            using var response = await http.DeleteAsync($"/internal/usage/{Uri.EscapeDataString(userId)}/reservations/{turnId:D}");
            response.EnsureSuccessStatusCode();
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            LogReleaseFailed(exception, userId, turnId);
            return false;
        }
    }

    private static bool IsUnanswered(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the usage reservation of turn {TurnId} for user {UserId}")]
    private partial void LogReleaseFailed(Exception exception, string userId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage admission check of turn {TurnId} failed open for user {UserId}")]
    private partial void LogFailedOpen(Exception exception, string userId, Guid turnId);
}
