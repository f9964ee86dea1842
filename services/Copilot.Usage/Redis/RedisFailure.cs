using StackExchange.Redis;

namespace Copilot.Usage.Redis;

public static class RedisFailure
{
    /// <summary>Redis is down, unreachable or too slow: the cases the seed fails open (reads) or closed (resets) on.</summary>
    public static bool IsUnavailable(Exception exception) => exception is RedisException or RedisTimeoutException;
}
