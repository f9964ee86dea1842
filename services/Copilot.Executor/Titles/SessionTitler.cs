using System.Text;
using Copilot.Chat.Data;
using Copilot.Contracts;
using Copilot.Executor.Llm;
using Copilot.Executor.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Titles;

/// <summary>
/// Names an untitled session after its first message with the small title model, beside the turn rather than in its
/// way. A title set in the meantime (the user's) is never overwritten; a failed attempt leaves the session untitled
/// for the next turn to try again.
/// </summary>
public sealed partial class SessionTitler(IServiceScopeFactory scopes, IOptions<LlmOptions> options, ILogger<SessionTitler> logger)
{
    /// <summary>The simulator recognises a title request by this opening (see its README).</summary>
    public const string Instructions =
        "Title this chat. Reply with a title of at most six words for the conversation that the user's message starts, "
        + "in the message's language, without quotes or a final period.";

    public const int MaxTitleLength = 80;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts titling <paramref name="turn"/>'s session when it has no title (not even looked up when the turn says the
    /// session had one: most turns are not a session's first); the task's result is the stored title, if any.
    /// </summary>
    /// <param name="costs">The turn's reporter: the title call is metered, and counted against the user's limit, like the turn's own calls.</param>
    public PendingTitle Begin(RunCopilotTurn turn, CostReporter costs) =>
        new(turn.SessionTitled ? Task.FromResult<string?>(null) : Task.Run(() => TitleAsync(turn, costs)));

    private async Task<string?> TitleAsync(RunCopilotTurn turn, CostReporter costs)
    {
        // Not the turn's token: a title is still wanted when the user stops the answer.
        using var deadline = new CancellationTokenSource(Patience);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            if (await FirstMessageOfUntitledAsync(db, turn.SessionId, deadline.Token) is not { } first
                || TitleSource.From(first) is not { Length: > 0 } source)
            {
                return null;
            }

            // The typed client comes from the scope: a singleton holding one would keep its handler forever.
            var llm = scope.ServiceProvider.GetRequiredService<LlmClient>();
            var title = Clean(await AskAsync(llm, turn, source, costs, deadline.Token));
            if (title.Length == 0)
            {
                return null;
            }

            var stored = await db.Sessions.Where(s => s.Id == turn.SessionId && s.Title == null)
                .ExecuteUpdateAsync(update => update.SetProperty(s => s.Title, title), deadline.Token);
            return stored == 1 ? title : null;
        }
        catch (Exception exception)
        {
            LogTitleFailed(exception, turn.SessionId);
            return null;
        }
    }

    private static Task<string?> FirstMessageOfUntitledAsync(ChatDbContext db, Guid sessionId, CancellationToken cancellationToken) =>
        db.Sessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.Title == null)
            .Select(s => s.Messages.Where(m => m.Role == ChatRoles.User).OrderBy(m => m.Sequence).Select(m => m.Content).FirstOrDefault())
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<string> AskAsync(LlmClient llm, RunCopilotTurn turn, string source, CostReporter costs, CancellationToken cancellationToken)
    {
        var model = options.Value.TitleModel;
        var request = new LlmRequest(model, [new LlmMessage("system", Instructions), new LlmMessage("user", source)],
            Tools: null, MaxThinkingTokens: 0, options.Value.PromptCacheTtl, MaxTokens: 30);
        var text = new StringBuilder();
        var usage = new LlmUsage(TokenUsage.None, null);
        await foreach (var streamEvent in llm.StreamAsync(request, cancellationToken))
        {
            switch (streamEvent)
            {
                case LlmTextDelta delta:
                    text.Append(delta.Text);
                    break;
                case LlmUsage reported:
                    usage = reported;
                    break;
                case LlmProviderError error:
                    throw new LlmProviderException(error.Message);
            }
        }

        await costs.ReportAsync(turn, model, usage.Tokens, usage.CostUsd);
        return text.ToString();
    }

    /// <summary>One line, no wrapping quotes or final period, at most <see cref="MaxTitleLength"/> characters.</summary>
    public static string Clean(string answer)
    {
        var line = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        line = line.Trim().Trim('"', '\'', '“', '”', '*', '#').Trim().TrimEnd('.').Trim();
        return line.Length <= MaxTitleLength ? line : line[..MaxTitleLength].TrimEnd();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not title session {SessionId}; the next turn tries again")]
    private partial void LogTitleFailed(Exception exception, Guid sessionId);
}
