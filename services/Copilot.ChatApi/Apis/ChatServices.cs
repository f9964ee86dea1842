using Copilot.Chat.Data;
using Copilot.Chat.Pending;
using Copilot.Chat.Streaming;
using Copilot.Chat.Workspace;
using Copilot.Chat.Sessions;
using Copilot.Chat.Turns;
using MassTransit;

namespace Copilot.ChatApi.Apis;

/// <summary>The services chat endpoints share, bound with <c>[AsParameters]</c>.</summary>
public sealed class ChatServices(
    ChatDbContext db,
    StreamRegistry registry,
    TurnStarter starter,
    TurnQueue queue,
    ChatSessions sessions,
    PendingBuffer pending,
    WorkspaceFiles workspace,
    TurnNotificationHub notifications,
    IPublishEndpoint publish,
    TimeProvider time)
{
    public ChatDbContext Db { get; } = db;

    public StreamRegistry Registry { get; } = registry;

    public TurnStarter Starter { get; } = starter;

    public TurnQueue Queue { get; } = queue;

    public ChatSessions Sessions { get; } = sessions;

    public PendingBuffer Pending { get; } = pending;

    public WorkspaceFiles Workspace { get; } = workspace;

    public TurnNotificationHub Notifications { get; } = notifications;

    public IPublishEndpoint Publish { get; } = publish;

    public TimeProvider Time { get; } = time;
}
