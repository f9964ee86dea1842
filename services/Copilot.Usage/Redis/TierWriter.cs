using Copilot.Contracts;
using StackExchange.Redis;

namespace Copilot.Usage.Redis;

/// <summary>Writes <c>copilot:tier:{user}</c> through <see cref="UsageScripts.SetTier"/> so the newest change wins.</summary>
public static class TierWriter
{
    public const string SourceBilling = "billing";
    public const string SourceAdmin = "admin";
    public const string SourceLookup = "lookup";

    /// <returns>False when a newer tier was already stored.</returns>
    public static async Task<bool> SetAsync(
        IDatabase db, string userId, SubscriptionTier tier, long effectiveAtMs, string source, TimeSpan? ttl = null)
    {
        var stored = await db.ScriptEvaluateAsync(UsageScripts.SetTier, [UsageKeys.Tier(userId)],
            [TierNames.ToWire(tier), effectiveAtMs, source, (long)(ttl ?? TimeSpan.Zero).TotalSeconds]);
        return (long)stored == 1;
    }
}
