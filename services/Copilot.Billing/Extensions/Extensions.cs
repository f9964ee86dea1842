using Copilot.Billing.Data;
using Copilot.Messaging;
using Copilot.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Copilot.Billing.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCopilotJwtAuthentication();
        builder.AddInternalApiKeyAuthentication();
        builder.AddCopilotMessaging();

        var connectionString = builder.Configuration.GetConnectionString("billing")
            ?? throw new InvalidOperationException("Connection string 'billing' is not configured.");
        builder.Services.AddDbContextPool<BillingDbContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure())
            .UseSnakeCaseNamingConvention());
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "postgres-billing");
        return builder;
    }

    /// <summary>Billing owns the <c>billing</c> database; its schema is migrated before the service takes traffic.</summary>
    public static async Task MigrateBillingDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        // Creating the history table first keeps a fresh database's first start free of EF's "relation does not exist" error logs.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await db.Database.MigrateAsync();
    }
}
