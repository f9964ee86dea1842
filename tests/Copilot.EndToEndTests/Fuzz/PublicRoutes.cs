namespace Copilot.EndToEndTests.Fuzz;

/// <summary>How a route takes input: nobody signed in, any user, or an administrator.</summary>
public enum Caller
{
    Anonymous,
    User,
    Admin,
}

/// <summary>
/// One public route as the fuzzer drives it. <see cref="Template"/> is the route as the service describes it in its
/// OpenAPI document (so a route added without an entry here is noticed); <see cref="Path"/> may hold the placeholders
/// {session}, {file} and {user}, which <see cref="FuzzTargets"/> fills in. <see cref="Body"/> is a valid JSON body
/// whose every value the fuzzer replaces in turn.
/// </summary>
public sealed record PublicRoute(string Method, string Template, string Path, Caller Caller, string? Body = null)
{
    public string Key => $"{Method} {Template.TrimEnd('/')}";
}

/// <summary>Every public route of the platform (reached through the gateway), with a valid request for each.</summary>
public static class PublicRoutes
{
    public static readonly IReadOnlyList<PublicRoute> All =
    [
        // chat-api
        new("POST", "/api/chat/sessions/", "/api/chat/sessions", Caller.User, """{"dry_run":true}"""),
        new("GET", "/api/chat/sessions/", "/api/chat/sessions?limit=5&offset=0", Caller.User),
        new("GET", "/api/chat/sessions/{sessionId}", "/api/chat/sessions/{session}?limit=5", Caller.User),
        new("PATCH", "/api/chat/sessions/{sessionId}/title", "/api/chat/sessions/{session}/title", Caller.User, """{"title":"Renamed"}"""),
        new("DELETE", "/api/chat/sessions/{sessionId}", "/api/chat/sessions/{session}", Caller.User),
        new("POST", "/api/chat/sessions/{sessionId}/cancel", "/api/chat/sessions/{session}/cancel", Caller.User),
        new("POST", "/api/chat/sessions/{sessionId}/stream", "/api/chat/sessions/{session}/stream", Caller.User,
            """{"message":"hi [sim:ttft=0] [sim:long=2]","context":{"url":"https://example.test","content":"page"},"file_ids":["{file}"],"mode":"fast","model":"standard","is_user_message":true}"""),
        new("GET", "/api/chat/sessions/{sessionId}/stream", "/api/chat/sessions/{session}/stream", Caller.User),
        new("DELETE", "/api/chat/sessions/{sessionId}/stream", "/api/chat/sessions/{session}/stream", Caller.User),
        new("GET", "/api/chat/sessions/{sessionId}/messages/pending", "/api/chat/sessions/{session}/messages/pending", Caller.User),
        new("POST", "/api/chat/sessions/{sessionId}/messages/pending/withdraw", "/api/chat/sessions/{session}/messages/pending/withdraw", Caller.User,
            """{"message":"queued text"}"""),
        new("PATCH", "/api/chat/sessions/{sessionId}/assign-user", "/api/chat/sessions/{session}/assign-user", Caller.User),
        new("GET", "/api/chat/suggested-prompts", "/api/chat/suggested-prompts", Caller.User),
        new("GET", "/api/chat/config/ttl", "/api/chat/config/ttl", Caller.Anonymous),
        new("POST", "/api/workspace/files/", "/api/workspace/files", Caller.User),
        new("GET", "/api/workspace/files/", "/api/workspace/files?limit=5&offset=0", Caller.User),
        new("GET", "/api/workspace/files/{fileId}", "/api/workspace/files/{file}", Caller.User),
        new("GET", "/api/workspace/files/{fileId}/content", "/api/workspace/files/{file}/content", Caller.User),
        new("DELETE", "/api/workspace/files/{fileId}", "/api/workspace/files/{file}", Caller.User),

        // usage, also reached as /api/chat/usage
        new("GET", "/api/usage/", "/api/usage", Caller.User),
        new("GET", "/api/usage/", "/api/chat/usage", Caller.User),
        new("POST", "/api/usage/reset", "/api/usage/reset", Caller.User),
        new("GET", "/api/copilot/admin/rate_limit/", "/api/copilot/admin/rate_limit?user_id={user}", Caller.Admin),
        new("POST", "/api/copilot/admin/rate_limit/reset", "/api/copilot/admin/rate_limit/reset", Caller.Admin, """{"user_id":"{user}","reset_weekly":false}"""),
        new("GET", "/api/copilot/admin/rate_limit/tier", "/api/copilot/admin/rate_limit/tier?user_id={user}", Caller.Admin),
        new("POST", "/api/copilot/admin/rate_limit/tier", "/api/copilot/admin/rate_limit/tier", Caller.Admin, """{"user_id":"{user}","tier":"PRO"}"""),
        new("POST", "/api/copilot/admin/rate_limit/limits", "/api/copilot/admin/rate_limit/limits", Caller.Admin,
            """{"user_id":"{user}","daily_cost_limit_microdollars":1000000,"weekly_cost_limit_microdollars":5000000}"""),
        new("GET", "/api/copilot/admin/rate_limit/search_users", "/api/copilot/admin/rate_limit/search_users?query={user}", Caller.Admin),

        // billing
        new("GET", "/api/credits/", "/api/credits", Caller.User),
        new("POST", "/api/credits/", "/api/credits", Caller.User, """{"credit_amount":500}"""),
        new("GET", "/api/credits/transactions", "/api/credits/transactions?limit=5", Caller.User),
        new("GET", "/api/credits/subscription", "/api/credits/subscription", Caller.User),
        new("POST", "/api/credits/subscription", "/api/credits/subscription", Caller.User,
            """{"tier":"PRO","success_url":"https://app.example.test/ok","cancel_url":"https://app.example.test/no"}"""),
        new("POST", "/api/credits/stripe_webhook", "/api/credits/stripe_webhook", Caller.Anonymous, """{"id":"evt_1","type":"invoice.paid"}"""),
        new("POST", "/api/credits/admin/tier", "/api/credits/admin/tier", Caller.Admin, """{"user_id":"{user}","tier":"PRO"}"""),
        new("POST", "/api/credits/admin/grant", "/api/credits/admin/grant", Caller.Admin,
            """{"user_id":"{user}","amount_cents":100,"reason":"fuzz","idempotency_key":"fuzz-grant"}"""),
        new("GET", "/api/credits/admin/accounts/{userId}", "/api/credits/admin/accounts/{user}", Caller.Admin),

        // the gateway's own
        new("POST", "gateway /dev/token", "/dev/token", Caller.Anonymous, """{"user_id":"fuzz-user","roles":["reader"],"email":"a@example.test"}"""),
        new("GET", "gateway /auth/config", "/auth/config", Caller.Anonymous),
    ];
}
