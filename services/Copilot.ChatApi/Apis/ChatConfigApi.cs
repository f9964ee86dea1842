using Copilot.Chat.Turns;
using Copilot.ChatApi.Models;
using Copilot.ChatApi.Prompts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Copilot.ChatApi.Apis;

/// <summary>What a client reads before it chats: suggested prompts and how long a finished stream stays replayable.</summary>
public static class ChatConfigApi
{
    public static IEndpointRouteBuilder MapChatConfigApi(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/api/chat").WithTags("Chat");
        chat.MapGet("/suggested-prompts", GetSuggestedPrompts);
        // As in the seed: a setting of the deployment, not of a user.
        chat.MapGet("/config/ttl", GetStreamTtl).AllowAnonymous();
        return app;
    }

    public static Ok<SuggestedPromptsResponse> GetSuggestedPrompts(IOptions<SuggestedPromptsOptions> options) =>
        TypedResults.Ok(new SuggestedPromptsResponse(
            options.Value.Themes.Select(theme => new SuggestedPromptTheme(theme.Name, theme.Prompts)).ToList()));

    /// <summary>A client may resume a turn's stream (<c>Last-Event-ID</c>) for this long after the turn finished.</summary>
    public static Ok<StreamTtlResponse> GetStreamTtl(IOptions<TurnStoreOptions> options)
    {
        var ttl = options.Value.CompletedTtl;
        return TypedResults.Ok(new StreamTtlResponse((long)ttl.TotalSeconds, (long)ttl.TotalMilliseconds));
    }
}
