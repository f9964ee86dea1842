using Copilot.Chat.Data;
using Copilot.Chat.Memories;
using Copilot.Chat.Streaming;
using Copilot.Chat.Usage;
using Copilot.Chat.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Copilot.Chat;

public static class ChatServiceCollectionExtensions
{
    public const string DatabaseConnectionName = "chat";
    public const string RedisConnectionName = "redis";

    /// <summary>
    /// The chat context's state: the <c>chat</c> PostgreSQL database (history, workspace files, memories), Redis, the
    /// stream registry on top of it, and usage's turn admission (every turn starter checks it).
    /// Connection strings use Aspire's names (<c>ConnectionStrings:chat</c>, <c>ConnectionStrings:redis</c>).
    /// </summary>
    public static IHostApplicationBuilder AddChatInfrastructure(this IHostApplicationBuilder builder)
    {
        var chatConnection = builder.Configuration.GetConnectionString(DatabaseConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{DatabaseConnectionName}' is not configured.");
        builder.Services.AddDbContextPool<ChatDbContext>(options => options
            .UseNpgsql(chatConnection, npgsql => npgsql.EnableRetryOnFailure())
            .UseSnakeCaseNamingConvention());

        builder.AddRedisConnection();
        builder.AddUsageAdmission();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<StreamRegistryOptions>()
            .BindConfiguration(StreamRegistryOptions.SectionName)
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
        builder.Services.AddScoped<Turns.TurnSender>();
        builder.Services.AddScoped<Turns.TurnStarter>();
        builder.Services.AddScoped<Turns.TurnQueue>();
        builder.Services.AddSingleton<Turns.TurnResultWaiter>();
        builder.Services.AddSingleton<StreamRegistry>();
        builder.Services.AddSingleton<Pending.PendingBuffer>();
        builder.Services.AddSingleton<TurnNotificationHub>();
        builder.Services.AddSingleton<TurnStreamReader>();

        builder.Services.AddHealthChecks()
            .AddNpgSql(chatConnection, name: "postgres-chat")
            .AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), name: "redis");
        return builder;
    }

    public static IHostApplicationBuilder AddRedisConnection(this IHostApplicationBuilder builder)
    {
        var redisConnection = builder.Configuration.GetConnectionString(RedisConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{RedisConnectionName}' is not configured.");
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var configuration = ConfigurationOptions.Parse(redisConnection);
            // Services must start (and report unhealthy) while Redis is down, then heal when it returns.
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        if (builder.ExportsTelemetry())
        {
            // Profiles every command on this multiplexer (resolved from DI): about 1 KB and a few microseconds each.
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddRedisInstrumentation());
        }

        return builder;
    }
}
