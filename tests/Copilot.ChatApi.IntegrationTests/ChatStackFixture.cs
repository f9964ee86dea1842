using System.Globalization;
using Copilot.Chat.Data;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;

namespace Copilot.ChatApi.IntegrationTests;

/// <summary>
/// One chat-api, one executor, the usage service and the LLM simulator for the whole test project. Workspace limits are
/// small so quotas are reached quickly, but the file limit is above the service-wide 1 MiB body limit on purpose.
/// </summary>
public sealed class ChatStackFixture() : CopilotStackFixture(new CopilotStackOptions
{
    Environment =
    {
        ["Workspace__MaxFileBytes"] = MaxFileBytes.ToString(CultureInfo.InvariantCulture),
        ["Workspace__MaxTotalBytes"] = MaxTotalBytes.ToString(CultureInfo.InvariantCulture),
        ["Workspace__MaxFileCount"] = MaxFileCount.ToString(CultureInfo.InvariantCulture),
    },
}), IAsyncLifetime
{
    public const long MaxFileBytes = 3 * 1024 * 1024;
    public const long MaxTotalBytes = 8 * 1024 * 1024;
    public const int MaxFileCount = 5;

    public ChatDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseNpgsql(Stack.ChatDatabase).UseSnakeCaseNamingConvention().Options);
}

[CollectionDefinition(Name)]
public sealed class ChatStackCollection : ICollectionFixture<ChatStackFixture>
{
    public const string Name = "chat stack";
}
