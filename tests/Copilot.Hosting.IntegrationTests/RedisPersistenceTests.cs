using Copilot.Hosting.IntegrationTests.Support;
using Copilot.Hosting.Orchestration;
using Copilot.Hosting.Resources;
using FluentAssertions;
using StackExchange.Redis;

namespace Copilot.Hosting.IntegrationTests;

public sealed class RedisPersistenceTests
{
    [Fact]
    public async Task A_Redis_with_persistence_keeps_its_keys_across_a_restart_and_one_without_starts_empty()
    {
        var builder = TestApplications.CreateBuilder();
        var kept = builder.AddRedis("kept").WithPersistence();
        var plain = builder.AddRedis("plain");
        await using var application = builder.Build();
        await application.StartAsync();
        await SetAsync(kept.Resource, "greeting", "hello");
        await SetAsync(plain.Resource, "greeting", "hello");

        var pids = new[] { Instance(application, "kept").Pid, Instance(application, "plain").Pid };
        application.Restart("kept", 0).Should().BeTrue();
        application.Restart("plain", 0).Should().BeTrue();
        await Eventually.HoldsAsync(
            () => new[] { "kept", "plain" }.Select(name => Instance(application, name)).All(instance =>
                instance is { State: ResourceState.Healthy, Pid: { } pid } && !pids.Contains(pid)),
            TimeSpan.FromSeconds(30), "both servers relaunched and healthy");

        (await GetAsync(kept.Resource, "greeting")).Should().Be("hello", "the snapshot written on the graceful stop is loaded again");
        (await GetAsync(plain.Resource, "greeting")).Should().BeNull("without persistence a launch starts empty");
    }

    private static InstanceSnapshot Instance(DistributedApplication application, string name) =>
        application.GetResources().Single(resource => resource.Name == name).Instances.Single();

    private static async Task SetAsync(RedisResource redis, string key, string value)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString!);
        await connection.GetDatabase().StringSetAsync(key, value);
    }

    /// <summary>Through the same connection string as before the restart: the server came back on its port.</summary>
    private static async Task<string?> GetAsync(RedisResource redis, string key)
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString!);
        options.AbortOnConnectFail = false;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        return await connection.GetDatabase().StringGetAsync(key);
    }
}
