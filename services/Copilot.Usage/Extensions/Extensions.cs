using Copilot.ServiceDefaults;
using System.Text.Json;
using System.Text.Json.Serialization;
using Copilot.Messaging;
using Copilot.ServiceDefaults.Authentication;
using Copilot.Usage.Admission;
using Copilot.Usage.BillingClient;
using Copilot.Usage.Limits;
using Copilot.Usage.Metering;
using Copilot.Usage.Redis;
using Copilot.Usage.Reset;
using Copilot.Usage.Status;
using Copilot.Usage.Telemetry;
using Copilot.Usage.Tiers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Copilot.Usage.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCopilotJwtAuthentication();
        builder.AddInternalApiKeyAuthentication();
        builder.AddCopilotMessaging(bus =>
        {
            bus.AddConsumer<LlmUsageRecordedConsumer, LlmUsageRecordedConsumerDefinition>();
            bus.AddConsumer<CopilotTurnCompletedConsumer, CopilotTurnCompletedConsumerDefinition>();
            bus.AddConsumer<SubscriptionTierChangedConsumer, SubscriptionTierChangedConsumerDefinition>();
        });

        builder.Services.AddOptions<UsageOptions>()
            .BindConfiguration(UsageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The internal admission endpoint serializes with its own options (AdmissionJson, shared with its client).
        builder.Services.AddSnakeCaseApiJson();
        builder.Services.AddOpenApi();

        builder.AddUsageRedis();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IUsageStore, RedisUsageStore>();
        builder.Services.AddSingleton<CostLedger>();
        builder.Services.AddSingleton<AccountSettingsStore>();
        builder.Services.AddScoped<IBilling, BusBilling>();
        builder.Services.AddScoped<UsageStatusService>();
        builder.Services.AddScoped<AdmissionService>();
        builder.Services.AddSingleton<UsageMetrics>();
        builder.Services.AddScoped<PaidResetService>();
        return builder;
    }

    /// <summary>
    /// Usage owns its Redis keys (copilot:cost:*, copilot:tier:*, …); it shares the instance, not the chat context's
    /// code. The service starts while Redis is down (no abort on a failed first connect) and heals when it returns.
    /// Commands fail fast while disconnected instead of queueing: the admission check fails open, and waiting out a
    /// backlog on chat's hot path would stall every new turn.
    /// </summary>
    private static void AddUsageRedis(this IHostApplicationBuilder builder) =>
        builder.AddRedisClient(
            "redis",
            // Tracing profiles every command (about 1 KB and a few microseconds each): only worth it when exported.
            settings => settings.DisableTracing = !builder.ExportsTelemetry(),
            options =>
            {
                options.AbortOnConnectFail = false;
                options.BacklogPolicy = BacklogPolicy.FailFast;
            });
}
