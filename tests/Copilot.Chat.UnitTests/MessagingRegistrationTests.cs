using Copilot.Messaging;
using MassTransit.UsageTracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Copilot.Chat.UnitTests;

/// <summary>The bus as every service registers it, checked without a broker.</summary>
public sealed class MessagingRegistrationTests
{
    [Fact]
    public void The_bus_reports_no_usage_telemetry_to_its_vendor()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:rabbitmq"] = "amqp://guest:guest@127.0.0.1:5672/";
        builder.AddCopilotMessaging();
        using var host = builder.Build();

        // The tracker is what decides whether a report is sent; it also applies MASSTRANSIT_USAGE_TELEMETRY.
        var tracker = host.Services.GetRequiredService<IUsageTracker>();

        tracker.Should().BeOfType<UsageTracker>().Which.Enabled.Should().BeFalse();
    }
}
