using Copilot.ServiceDefaults;
using System.Text.Json;
using Copilot.Chat;
using Copilot.Chat.Data;
using Copilot.ChatApi.History;
using Copilot.ChatApi.InternalTurns;
using Copilot.ChatApi.Prompts;
using Copilot.ChatApi.Sessions;
using Copilot.ChatApi.Telemetry;
using Copilot.ChatApi.Users;
using Copilot.Messaging;
using Copilot.Usage.Client;
using MassTransit;
using Copilot.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Copilot.ChatApi.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCopilotJwtAuthentication();
        builder.AddInternalApiKeyAuthentication();
        builder.AddChatInfrastructure(traceRedisCommands: builder.ExportsTelemetry());
        builder.Services.AddUsageAdmission().AddInternalApiKey();
        builder.AddCopilotMessaging(bus =>
        {
            bus.AddConsumer<RunSessionTurnConsumer, RunSessionTurnConsumerDefinition>();
            bus.AddConsumer<SessionTokenTotalsConsumer, SessionTokenTotalsConsumerDefinition>();
        });
        builder.AddChatApiMetrics();

        builder.Services.AddSnakeCaseApiJson();
        builder.Services.AddOpenApi();

        builder.Services.AddOptions<SuggestedPromptsOptions>()
            .BindConfiguration(SuggestedPromptsOptions.SectionName)
            .Validate(options => options.IsValid(), "Every suggested-prompt theme needs a name and at least one prompt, none blank.")
            .ValidateOnStart();
        builder.Services.AddScoped<HistoryPager>();
        builder.Services.AddScoped<SessionTurnIntake>();
        builder.Services.AddScoped<TurnCanceller>();
        builder.Services.AddScoped<SessionDeleter>();
        builder.Services.AddSingleton<TurnReplySender>();
        builder.Services.AddSingleton<UserSeenReporter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TurnReplySender>());
        return builder;
    }

    /// <summary>
    /// Applies pending migrations before the service takes traffic. EF Core serialises concurrent migrators with a
    /// database lock, so several replicas starting together are safe.
    /// </summary>
    public static async Task MigrateChatDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        // Creating the history table first keeps a fresh database's first start free of EF's "relation does not exist" error logs.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await db.Database.MigrateAsync();
    }
}
