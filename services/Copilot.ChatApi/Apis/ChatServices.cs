using Copilot.Chat.Data;
using Copilot.Chat.Sessions;
using Copilot.Chat.Streaming;
using MassTransit;

namespace Copilot.ChatApi.Apis;

/// <summary>The services chat endpoints share, bound with <c>[AsParameters]</c>.</summary>
public sealed class ChatServices(
    ChatDbContext db,
    StreamRegistry registry,
    ChatSessions sessions,
    IPublishEndpoint publish,
    TimeProvider time)
{
    public ChatDbContext Db { get; } = db;

    public StreamRegistry Registry { get; } = registry;

    public ChatSessions Sessions { get; } = sessions;

    public IPublishEndpoint Publish { get; } = publish;

    public TimeProvider Time { get; } = time;
}
