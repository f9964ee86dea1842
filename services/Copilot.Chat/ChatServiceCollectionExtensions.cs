using Copilot.Chat.Data;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Memories;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Chat.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;

namespace Copilot.Chat;

public static class ChatServiceCollectionExtensions
{
    public const string DatabaseConnectionName = "chat";
    public const string RedisConnectionName = "redis";

    /// <summary>
    /// The chat context's state: the <c>chat</c> PostgreSQL database (history, workspace files, memories), Redis and the
    /// turn store on top of it. Turn starters also need usage's admission (<c>AddUsageAdmission</c>), which each
    /// service registers with its internal credential. Connection strings use Aspire's names
    /// (<c>ConnectionStrings:chat</c>, <c>ConnectionStrings:redis</c>).
    /// </summary>
    /// <param name="traceRedisCommands">See <see cref="AddRedisConnection"/>.</param>
    public static IHostApplicationBuilder AddChatInfrastructure(this IHostApplicationBuilder builder, bool traceRedisCommands)
    {
        // A pooled context with the integration's default retrying execution strategy (EnableRetryOnFailure()):
        // ChatHistory and UserWriteLock run their transactions through it so that a transient failure replays the
        // whole transaction. The integration also adds the context's health check and Npgsql's traces and metrics.
        builder.AddNpgsqlDbContext<ChatDbContext>(
            DatabaseConnectionName,
            settings => settings.ConnectionString = ForHotPath(settings.ConnectionString),
            options => options.UseSnakeCaseNamingConvention());

        builder.AddRedisConnection(traceRedisCommands);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<TurnStoreOptions>()
            .BindConfiguration(TurnStoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<WorkspaceOptions>()
            .BindConfiguration(WorkspaceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<MemoryOptions>()
            .BindConfiguration(MemoryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<ChatHistory>();
        builder.Services.AddScoped<WorkspaceFiles>();
        builder.Services.AddScoped<MemoryStore>();
        builder.Services.AddScoped<Sessions.ChatSessions>();
        builder.Services.AddSingleton<SessionWriteLock>();
        builder.Services.AddScoped<TurnCloser>();
        builder.Services.AddScoped<TurnSubmitter>();
        builder.Services.AddScoped<TurnEnder>();
        builder.Services.AddSingleton<TurnResultWaiter>();
        builder.Services.AddSingleton<TurnStore>();
        builder.Services.AddSingleton<FollowUpBuffer>();
        builder.Services.AddSingleton<TurnNotificationHub>();
        builder.Services.AddSingleton<TurnStreamReader>();
        return builder;
    }

    /// <summary>
    /// Every turn runs the same dozen statements (append, history load, repeat check, totals), so they are prepared
    /// once per connection instead of parsed and planned on each call, and a connection handed back to the pool is not
    /// reset (a reset would also drop those prepared statements). Nothing here sets session state that could leak to
    /// the next user of a connection: the only lock taken is transaction-scoped (<see cref="UserWriteLock"/>).
    /// </summary>
    private static string? ForHotPath(string? connectionString) => connectionString is null ? null
        : new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 32, AutoPrepareMinUsages = 2, NoResetOnClose = true }.ConnectionString;

    /// <summary>
    /// The shared <see cref="IConnectionMultiplexer"/> with its health check and, when asked, command tracing.
    /// Services must start (and report unhealthy) while Redis is down, then heal when it returns: the
    /// connection does not abort on a failed first connect.
    /// </summary>
    /// <param name="traceCommands">
    /// Tracing profiles every command (about 1 KB and a few microseconds each): only worth it when telemetry is exported,
    /// which the services' defaults know (<c>ExportsTelemetry</c>) and this library does not reference.
    /// </param>
    public static IHostApplicationBuilder AddRedisConnection(this IHostApplicationBuilder builder, bool traceCommands)
    {
        builder.AddRedisClient(
            RedisConnectionName,
            settings => settings.DisableTracing = !traceCommands,
            options => options.AbortOnConnectFail = false);
        builder.Services.AddHostedService<Redis.RedisCloseOnStop>();
        return builder;
    }
}
