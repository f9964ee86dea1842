using Copilot.Chat.Data;
using Copilot.Chat.Sessions;
using Copilot.Chat.Turns;

namespace Copilot.ChatApi.Apis;

/// <summary>
/// What nearly every chat endpoint reads — sessions, their rows, their turn records — bound with <c>[AsParameters]</c>;
/// an endpoint that acts on turns takes the service that does it as a parameter of its own.
/// </summary>
public sealed class ChatServices(ChatDbContext db, ChatSessions sessions, TurnStore turns)
{
    public ChatDbContext Db { get; } = db;

    public ChatSessions Sessions { get; } = sessions;

    public TurnStore Turns { get; } = turns;
}
