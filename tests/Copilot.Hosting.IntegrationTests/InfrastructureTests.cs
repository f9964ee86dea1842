using Copilot.Testing;
using FluentAssertions;
using Npgsql;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace Copilot.Hosting.IntegrationTests;

/// <summary>The shared Redis, RabbitMQ and PostgreSQL processes answer real clients.</summary>
public sealed class InfrastructureTests
{
    [Fact]
    public async Task Redis_answers_ping_and_stores_keys_under_a_test_prefix()
    {
        var infrastructure = await SharedInfrastructure.GetAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
        var database = redis.GetDatabase();
        var key = infrastructure.NewKeyPrefix() + "greeting";

        var latency = await database.PingAsync();
        await database.StringSetAsync(key, "hello");

        latency.Should().BeLessThan(TimeSpan.FromSeconds(1));
        ((string?)await database.StringGetAsync(key)).Should().Be("hello");
    }

    [Fact]
    public async Task A_created_database_accepts_queries()
    {
        var infrastructure = await SharedInfrastructure.GetAsync();

        var connectionString = await infrastructure.CreateDatabaseAsync("Hosting Tests!");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database(), 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetString(0).Should().StartWith("hosting_tests_").And.Be(new NpgsqlConnectionStringBuilder(connectionString).Database);
        reader.GetInt32(1).Should().Be(1);
    }

    [Fact]
    public async Task A_created_virtual_host_accepts_amqp_connections_and_messages()
    {
        var infrastructure = await SharedInfrastructure.GetAsync();

        var uri = await infrastructure.CreateVirtualHostAsync("hosting-tests");

        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync(exclusive: true);
        await channel.BasicPublishAsync(string.Empty, queue.QueueName, "ping"u8.ToArray());
        var delivered = await WaitForMessageAsync(channel, queue.QueueName);

        factory.VirtualHost.Should().StartWith("hosting-tests-");
        delivered.Should().Equal("ping"u8.ToArray());
    }

    [Fact]
    public async Task Isolation_helpers_never_hand_out_the_same_name_twice()
    {
        var infrastructure = await SharedInfrastructure.GetAsync();

        var databases = await Task.WhenAll(infrastructure.CreateDatabaseAsync("same"), infrastructure.CreateDatabaseAsync("same"));
        var virtualHosts = await Task.WhenAll(infrastructure.CreateVirtualHostAsync("same"), infrastructure.CreateVirtualHostAsync("same"));

        databases.Should().OnlyHaveUniqueItems();
        virtualHosts.Should().OnlyHaveUniqueItems();
        infrastructure.NewKeyPrefix().Should().NotBe(infrastructure.NewKeyPrefix());
    }

    private static async Task<byte[]> WaitForMessageAsync(IChannel channel, string queue)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true) is { } result)
            {
                return result.Body.ToArray();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"No message arrived on {queue}.");
    }
}
