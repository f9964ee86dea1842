using StackExchange.Redis;

namespace Copilot.Chat.Redis;

public static class RedisFailures
{
    /// <summary>
    /// Whether a Redis call failed because Redis is down, unreachable or too slow. StackExchange.Redis reports a
    /// timeout as <see cref="RedisTimeoutException"/>, a <see cref="TimeoutException"/> and not a
    /// <see cref="RedisException"/>: a degraded path that caught only the latter turned a slow Redis into a 500.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception is RedisException or TimeoutException;
}
