using Copilot.Usage.Admission;
using Copilot.Usage.Limits;
using Copilot.Usage.Redis;
using Copilot.Usage.UnitTests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Copilot.Usage.UnitTests.Redis;

/// <summary>
/// The real Redis code against a Redis that is not there (a closed port): checks fail open, billed operations fail
/// closed, and nothing waits for a reconnect.
/// </summary>
public sealed class RedisUnavailableTests : IAsyncLifetime
{
    private readonly Services _services = new();
    private IConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync()
    {
        var configuration = ConfigurationOptions.Parse("127.0.0.1:1");
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = 200;
        _redis = await ConnectionMultiplexer.ConnectAsync(configuration);
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Admission_fails_open_and_logs_it()
    {
        var logger = new CapturingLogger<AdmissionService>();

        var decision = await Admission(logger).AdmitAsync("u1", Guid.NewGuid(), CancellationToken.None);

        decision.Allowed.Should().BeTrue();
        logger.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("allowing request") && e.Message.Contains("u1"));
    }

    [Fact]
    public async Task Admission_with_both_limits_zero_never_touches_redis()
    {
        _services.Options.DailyCostLimitMicrodollars = 0;
        _services.Options.WeeklyCostLimitMicrodollars = 0;
        var logger = new CapturingLogger<AdmissionService>();

        var decision = await Admission(logger).AdmitAsync("u1", Guid.NewGuid(), CancellationToken.None);

        decision.Allowed.Should().BeTrue();
        logger.Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task Reset_operations_fail_closed()
    {
        var store = new RedisUsageStore(_redis, NullLogger<RedisUsageStore>.Instance);
        var now = _services.Time.GetUtcNow();

        (await store.GetDailyResetCountAsync("u1", now)).Should().BeNull();
        (await store.TryAcquireResetLockAsync("u1", TimeSpan.FromSeconds(30))).Should().BeFalse();
        (await store.ResetDailyUsageAsync("u1", 1_000, now)).Should().BeFalse();
        await store.Invoking(s => s.ReleaseResetLockAsync("u1")).Should().NotThrowAsync();
        await store.Invoking(s => s.IncrementDailyResetCountAsync("u1", now)).Should().NotThrowAsync();
    }

    [Fact]
    public async Task Reads_throw_a_redis_failure_the_status_service_turns_into_zero()
    {
        var store = new RedisUsageStore(_redis, NullLogger<RedisUsageStore>.Instance);

        var read = () => store.ReadAsync("u1", _services.Time.GetUtcNow());

        (await read.Should().ThrowAsync<Exception>()).Which.Should().Match<Exception>(e => RedisFailure.IsUnavailable(e));
    }

    private AdmissionService Admission(ILogger<AdmissionService> logger) =>
        new(new CostLedger(_redis), _services.Status(), Options.Create(_services.Options), _services.Time, logger);
}
