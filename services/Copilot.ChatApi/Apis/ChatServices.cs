using Copilot.Chat.Data;
using Copilot.Chat.Streaming;
using Copilot.ChatApi.Turns;

namespace Copilot.ChatApi.Apis;

/// <summary>The services chat endpoints share, bound with <c>[AsParameters]</c>.</summary>
public sealed class ChatServices(ChatDbContext db, StreamRegistry registry, TurnStarter starter, TimeProvider time)
{
    public ChatDbContext Db { get; } = db;

    public StreamRegistry Registry { get; } = registry;

    public TurnStarter Starter { get; } = starter;

    public TimeProvider Time { get; } = time;
}
