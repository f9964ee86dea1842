using Copilot.Usage.Client;
using Copilot.Usage.Limits;
using Copilot.Usage.Periods;
using Copilot.Usage.Redis;
using Copilot.Usage.Status;
using Microsoft.Extensions.Options;

namespace Copilot.Usage.Admission;

/// <summary>
/// The pre-turn check on chat's hot path: one Redis round trip (the admission script) in the common case; daily is
/// checked before weekly; <c>used ≥ limit</c> is exceeded. Fails open when Redis is down, like the seed. Beyond the
/// seed, an admitted turn reserves its estimated cost, so concurrent turns cannot jointly overshoot by more than one
/// reservation.
/// </summary>
public sealed partial class AdmissionService(
    CostLedger ledger,
    UsageStatusService status,
    IOptions<UsageOptions> options,
    TimeProvider time,
    ILogger<AdmissionService> logger)
{
    public Task<TurnAdmission> AdmitAsync(string userId, Guid? turnId, CancellationToken cancellationToken) =>
        DecideAsync(userId, (settings, now) => ledger.AdmitAsync(userId, turnId, settings, now), forRound: false, cancellationToken);

    /// <summary>
    /// Before a running turn's next model round: charges its calls not yet counted, then refuses with the admission's
    /// texts when the limit is reached (or held by other turns), or allows the round — on what the turn still reserves
    /// or on a fresh estimate — and says how much it may still spend.
    /// </summary>
    public Task<TurnAdmission> ExtendAsync(string userId, Guid turnId, IReadOnlyList<TurnCharge> charges, CancellationToken cancellationToken) =>
        DecideAsync(userId, (settings, now) => ledger.ExtendAsync(userId, turnId, charges, settings, now), forRound: true, cancellationToken);

    /// <param name="evaluate">One atomic script; safe to run twice (a second run finds the same charges already counted).</param>
    /// <param name="forRound">An allowed answer carries the remaining budget.</param>
    private async Task<TurnAdmission> DecideAsync(
        string userId, Func<UsageOptions, DateTimeOffset, Task<AdmissionResult>> evaluate, bool forRound, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.LimitingEnabled)
        {
            return TurnAdmission.Allow;
        }

        var now = time.GetUtcNow();
        try
        {
            var result = await evaluate(settings, now);
            // The script scales an unknown tier as FREE, the lowest multiplier: an allowed verdict holds for any tier,
            // a refusal may not, so only a refusal pays for asking billing (once; the answer is cached). A round's
            // remaining budget is then FREE-scaled too, which is right for nearly everyone: a paid tier is stored
            // when it starts. Only a paid user whose stored tier was lost can see a round capped too early, near the
            // FREE limit, where the refusal's lookup then restores the tier.
            if (result.Verdict != AdmissionVerdict.Allowed && !result.TierKnown
                && await status.LookUpTierAsync(userId, cancellationToken) != Contracts.SubscriptionTier.Free)
            {
                result = await evaluate(settings, now);
            }

            var decision = ToAdmission(userId, result, now);
            return forRound && decision.Allowed ? decision with { RemainingMicrodollars = result.RemainingMicrodollars } : decision;
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            LogFailedOpen(exception, userId);
            return TurnAdmission.Allow;
        }
    }

    private TurnAdmission ToAdmission(string userId, AdmissionResult result, DateTimeOffset now)
    {
        if (result.Verdict == AdmissionVerdict.Allowed || result.Window is not { } window)
        {
            return TurnAdmission.Allow;
        }

        var resetsAt = window == LimitWindow.Daily ? UsageWindows.DailyResetAt(now) : UsageWindows.WeeklyResetAt(now);
        if (result.Verdict == AdmissionVerdict.Reserved)
        {
            LogHeldByReservations(userId, LimitMessages.Name(window), result.ReservedByOthers);
            return new TurnAdmission(false, LimitMessages.Reserved(window), null, LimitMessages.Name(window), Reserved: true);
        }

        LogExceeded(userId, LimitMessages.Name(window));
        return new TurnAdmission(false, LimitMessages.Exceeded(window, resetsAt, now), resetsAt, LimitMessages.Name(window));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable for rate limit check of user {UserId}, allowing request")]
    private partial void LogFailedOpen(Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} reached the {Window} usage limit")]
    private partial void LogExceeded(string userId, string window);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "User {UserId} refused a turn: running turns reserve {ReservedMicrodollars} of the remaining {Window} budget")]
    private partial void LogHeldByReservations(string userId, string window, long reservedMicrodollars);
}
