using Copilot.Chat;
using Copilot.Chat.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Copilot.Chat.UnitTests;

/// <summary>
/// The chat context as the services register it (through Aspire's integration), checked without a server: the
/// history and user-lock transactions are only safe under a retrying strategy that replays them whole.
/// </summary>
public sealed class ChatInfrastructureTests
{
    [Fact]
    public void Chat_context_retries_transient_failures_and_maps_to_snake_case()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:chat"] = "Host=127.0.0.1;Database=chat";
        builder.Configuration["ConnectionStrings:redis"] = "127.0.0.1:6379";
        builder.AddChatInfrastructure(traceRedisCommands: false);
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();

        var strategy = db.Database.CreateExecutionStrategy();
        strategy.Should().BeOfType<NpgsqlRetryingExecutionStrategy>();
        strategy.RetriesOnFailure.Should().BeTrue();
        db.Model.FindEntityType(typeof(ChatSession))!.FindProperty(nameof(ChatSession.UpdatedAt))!.GetColumnName()
            .Should().Be("updated_at");
    }
}
