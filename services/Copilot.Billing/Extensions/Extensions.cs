using Copilot.ServiceDefaults;
using System.Text.Json;
using System.Text.Json.Serialization;
using Copilot.Billing.Accounts;
using Copilot.Billing.Apis;
using Copilot.Billing.Credits;
using Copilot.Billing.Data;
using Copilot.Billing.Messaging;
using Copilot.Billing.Outbox;
using Copilot.Billing.StripeIntegration;
using Copilot.Billing.Subscriptions;
using Copilot.Billing.Telemetry;
using Copilot.Billing.Webhooks;
using Copilot.Messaging;
using MassTransit;
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
        builder.AddCopilotMessaging(bus =>
        {
            bus.AddConsumer<SpendCreditsConsumer, SpendCreditsConsumerDefinition>();
            bus.AddConsumer<RefundCreditsConsumer, RefundCreditsConsumerDefinition>();
            bus.AddConsumer<GetSubscriptionTierConsumer, GetSubscriptionTierConsumerDefinition>();
            bus.AddConsumer<FindAccountsConsumer>();
            bus.AddConsumer<SetSubscriptionTierConsumer, SetSubscriptionTierConsumerDefinition>();
            bus.AddConsumer<UserSeenConsumer, UserSeenConsumerDefinition>();
        });

        // A pooled context with the integration's default retrying execution strategy (EnableRetryOnFailure()), which
        // InTransactionAsync relies on to replay a whole transaction; plus the context's health check and Npgsql's
        // traces and metrics.
        builder.AddNpgsqlDbContext<BillingDbContext>(
            "billing",
            configureDbContextOptions: options => options.UseSnakeCaseNamingConvention());

        builder.Services.AddOptions<BillingOptions>()
            .BindConfiguration(BillingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSnakeCaseApiJson();
        builder.Services.AddOpenApi();

        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStripe();
        builder.Services.AddScoped<AccountStore>();
        builder.Services.AddScoped<CreditLedger>();
        builder.Services.AddScoped<TopUps>();
        builder.Services.AddScoped<StripeSubscriptions>();
        builder.Services.AddScoped<SubscriptionSync>();
        builder.Services.AddScoped<SubscriptionChanges>();
        builder.Services.AddScoped<AdminTierChanges>();
        builder.Services.AddScoped<SubscriptionStatusBuilder>();
        builder.Services.AddSingleton<PendingChangeLookup>();
        builder.Services.AddScoped<StripeEventInbox>();
        builder.Services.AddScoped<StripeEventDispatcher>();
        builder.Services.AddSingleton<WorkSignal<StripeEventWorker>>();
        builder.Services.AddSingleton<WorkSignal<TierChangeOutboxWorker>>();
        builder.Services.AddSingleton<BillingMetrics>();
        builder.Services.AddHostedService<StripeEventWorker>();
        builder.Services.AddHostedService<TierChangeOutboxWorker>();
        return builder;
    }

    /// <summary>Everything billing serves lives under <c>/api/credits</c>, which the gateway routes here.</summary>
    public static IEndpointRouteBuilder MapBillingApi(this IEndpointRouteBuilder app)
    {
        var credits = app.MapGroup("/api/credits").WithTags("Credits");
        credits.MapCreditsApi();
        credits.MapSubscriptionApi();
        credits.MapStripeWebhook();
        credits.MapAdminApi();
        return app;
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
