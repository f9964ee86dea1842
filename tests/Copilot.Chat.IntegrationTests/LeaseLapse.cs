using StackExchange.Redis;

namespace Copilot.Chat.IntegrationTests;

/// <summary>
/// Lease time without waiting for it. A lease lapses when Redis expires its key, and an expired key is the same as a
/// deleted one to every command, so deleting the key lapses the lease at once; shortening its TTL stands for a lease
/// mostly used up. Only Redis's own expiry is left to real time, and one test checks a lease is given its TTL.
/// </summary>
internal static class LeaseLapse
{
    public static Task LapseAsync(this IDatabase db, RedisKey lease) => db.KeyDeleteAsync(lease);

    public static Task UseUpAllButAsync(this IDatabase db, RedisKey lease, TimeSpan left) => db.KeyExpireAsync(lease, left);
}
