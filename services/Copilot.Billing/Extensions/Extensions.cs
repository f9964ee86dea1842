using Copilot.Billing.Data;
using Copilot.Messaging;
using Copilot.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;

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
        await scope.ServiceProvider.GetRequiredService<BillingDbContext>().Database.MigrateAsync();
    }
}
