using Copilot.Chat.Data;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Copilot.Chat.IntegrationTests;

/// <summary>
/// The chat context's state on the run's shared Redis and PostgreSQL: a fresh database per test class, and Redis
/// isolation by construction (every key embeds a new session, turn or user id).
/// </summary>
public sealed class ChatStateFixture : IAsyncLifetime
{
    private string _databaseConnection = "";

    public IConnectionMultiplexer Redis { get; private set; } = null!;

    public TurnStore Turns { get; private set; } = null!;

    public TurnNotificationHub Hub { get; private set; } = null!;

    public TurnStreamReader Reader { get; private set; } = null!;

    public FollowUpBuffer FollowUps { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var infrastructure = await SharedInfrastructure.GetAsync();
        _databaseConnection = await infrastructure.CreateDatabaseAsync("chat");
        Redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
        Turns = NewTurnStore(new TurnStoreOptions());
        Hub = new TurnNotificationHub(Redis, NullLogger<TurnNotificationHub>.Instance);
        Reader = new TurnStreamReader(Redis, Hub);
        FollowUps = new FollowUpBuffer(Redis, NullLogger<FollowUpBuffer>.Instance);

        await using var db = NewDbContext();
        await db.Database.MigrateAsync();
    }

    public TurnStore NewTurnStore(TurnStoreOptions options, TimeProvider? time = null) =>
        new(Redis, Options.Create(options), time ?? TimeProvider.System, NullLogger<TurnStore>.Instance);

    public ChatDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseNpgsql(_databaseConnection).UseSnakeCaseNamingConvention().Options);

    public async Task<Guid> CreateSessionAsync(string userId)
    {
        await using var db = NewDbContext();
        var session = new ChatSession { Id = Guid.NewGuid(), UserId = userId, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    public async Task DisposeAsync() => await Redis.DisposeAsync();
}
