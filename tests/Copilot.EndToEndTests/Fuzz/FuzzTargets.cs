using System.Net;
using Copilot.Testing;

namespace Copilot.EndToEndTests.Fuzz;

/// <summary>The fuzzing user's own session and file, the tokens each kind of caller uses, and the forged ones.</summary>
public sealed class FuzzTargets
{
    private readonly CopilotStack _stack;

    private FuzzTargets(CopilotStack stack, string userId, Guid session, Guid file)
    {
        _stack = stack;
        UserId = userId;
        Session = session;
        File = file;
    }

    public string UserId { get; }

    public Guid Session { get; }

    public Guid File { get; }

    public static async Task<FuzzTargets> CreateAsync(CopilotStack stack, string userId)
    {
        using var user = ChatClient.For(stack, userId);
        var session = await user.CreateSessionAsync();
        var file = (await user.UploadAsync("fuzz.txt", "fuzz")).GetProperty("id").GetGuid();
        return new FuzzTargets(stack, userId, session, file);
    }

    /// <summary>Fills the placeholders with the user's own resources, or all of them with <paramref name="hostile"/>.</summary>
    public string Fill(string template, string? hostile = null) => template
        .Replace("{session}", hostile ?? Session.ToString(), StringComparison.Ordinal)
        .Replace("{file}", hostile ?? File.ToString(), StringComparison.Ordinal)
        .Replace("{user}", hostile ?? UserId, StringComparison.Ordinal);

    public string? TokenFor(Caller caller) => caller switch
    {
        Caller.User => TestTokens.For(UserId),
        Caller.Admin => TestTokens.For($"{UserId}-admin", "admin"),
        _ => null,
    };

    /// <summary>Identities the platform never issued, plus (on admin routes) a user claiming more than it has.</summary>
    public IEnumerable<string> ForgedTokens(Caller caller)
    {
        var role = caller is Caller.Admin ? "admin" : null;
        string[] roles = role is null ? [] : [role];
        yield return TestTokens.Forged(UserId);
        yield return TestTokens.Expired(UserId);
        yield return TestTokens.Unsigned(UserId, roles);
        yield return TestTokens.For("user\0with-nul", roles);
        yield return TestTokens.For("user\u001bescape", roles);
        yield return TestTokens.For(new string('u', 500), roles);
        if (caller is Caller.Admin)
        {
            yield return TestTokens.For(UserId);
        }
    }

    /// <summary>After the fuzzing, the user's session still answers and its history reads back.</summary>
    public async Task AssertStillWorksAsync()
    {
        using var user = ChatClient.For(_stack, UserId);
        var session = Session;
        if ((await user.Http.GetAsync($"/api/chat/sessions/{session}")).StatusCode == HttpStatusCode.NotFound)
        {
            // The fuzzing deleted it (DELETE is a public route too); a new one must work just as well.
            session = await user.CreateSessionAsync();
        }

        // A turn the fuzzing started may still be running: stop it, then the session must answer a plain message.
        var answer = "";
        await Eventually.TrueAsync(async () =>
        {
            using var cancelled = await user.CancelAsync(session);
            using var turn = await user.SendAsync(session, "still answering? [sim:ttft=0]");
            answer = await turn.Content.ReadAsStringAsync();
            return turn.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), "the fuzzed session to take a new turn");
        answer.Should().Contain("\"delta\":\"answering?\"").And.Contain("\"type\":\"finish\"").And.NotContain("\"type\":\"error\"");
        (await user.Http.GetAsync($"/api/chat/sessions/{session}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
