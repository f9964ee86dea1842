using System.Net;
using System.Text.Json.Nodes;

namespace Copilot.FakeStripe;

/// <summary>The HTTP surface: Stripe's <c>/v1</c> endpoints, a payable checkout page, and <c>/_fake</c> controls for tests.</summary>
public static class FakeStripeApi
{
    public static WebApplication MapFakeStripe(this WebApplication app, FakeStripeState state)
    {
        var replays = new Replays();
        async Task Api(HttpContext context, Func<JsonObject, JsonObject> operation) =>
            await (await HandleAsync(context, state, replays, operation)).ExecuteAsync(context);

        // Test controls throw Stripe errors too (e.g. completing a session twice); they answer in Stripe's shape.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (StripeError error) when (!context.Response.HasStarted)
            {
                await Error(error).ExecuteAsync(context);
            }
        });

        app.MapPost("/v1/customers", (HttpContext c) => Api(c, state.CreateCustomer));
        app.MapGet("/v1/customers/{id}", (HttpContext c, string id) => Api(c, _ => state.GetCustomer(id)));
        app.MapGet("/v1/prices/{id}", (HttpContext c, string id) => Api(c, _ => state.GetPrice(id)));
        app.MapPost("/v1/checkout/sessions", (HttpContext c) => Api(c, state.CreateCheckoutSession));
        app.MapGet("/v1/checkout/sessions/{id}", (HttpContext c, string id) => Api(c, _ => state.GetCheckoutSession(id)));
        app.MapGet("/v1/subscriptions", (HttpContext c) => Api(c, state.ListSubscriptions));
        app.MapGet("/v1/subscriptions/{id}", (HttpContext c, string id) => Api(c, _ => state.GetSubscription(id)));
        app.MapPost("/v1/subscriptions/{id}", (HttpContext c, string id) => Api(c, form => state.UpdateSubscription(id, form)));
        app.MapDelete("/v1/subscriptions/{id}", (HttpContext c, string id) => Api(c, _ => state.CancelSubscription(id)));
        app.MapPost("/v1/subscription_schedules", (HttpContext c) => Api(c, state.CreateSchedule));
        app.MapGet("/v1/subscription_schedules/{id}", (HttpContext c, string id) => Api(c, _ => state.GetSchedule(id)));
        app.MapPost("/v1/subscription_schedules/{id}", (HttpContext c, string id) => Api(c, form => state.UpdateSchedule(id, form)));
        app.MapPost("/v1/subscription_schedules/{id}/release", (HttpContext c, string id) => Api(c, _ => state.ReleaseSchedule(id)));
        app.MapGet("/v1/events", (HttpContext c) => Api(c, state.ListEvents));
        app.Map("/v1/{**rest}", (HttpContext c) => Api(c, _ => throw new StripeError(404, "invalid_request_error",
            $"Unrecognized request URL ({c.Request.Method}: {c.Request.Path}).")));

        app.MapGet("/checkout/{id}", (string id) => CheckoutPage(state, id));
        app.MapPost("/checkout/{id}/pay", (string id) =>
        {
            var session = state.CompleteCheckout(id);
            return Results.Redirect(session.SuccessUrl);
        });

        var controls = app.MapGroup("/_fake");
        controls.MapPost("/prices", (long unitAmount, string? id) => Results.Json(state.AddPrice(unitAmount, id).Render()));
        controls.MapPost("/checkout/{id}/complete", (string id, bool? delayed) => Results.Json(state.CompleteCheckout(id, delayed ?? false).Render()));
        controls.MapPost("/subscriptions/{id}/advance", (string id) =>
        {
            state.AdvanceToPeriodEnd(id);
            return Results.Json(state.GetSubscription(id));
        });
        controls.MapPost("/subscriptions/{id}/fail_renewal", (string id) =>
        {
            state.FailRenewal(id);
            return Results.Json(state.GetSubscription(id));
        });
        controls.MapGet("/events", (string? customer) => Results.Json(customer is null ? state.Events : state.EventsFor(customer)));
        app.MapGet("/health", () => Results.Text("Healthy"));
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, FakeStripeState state, Replays replays,
        Func<JsonObject, JsonObject> operation)
    {
        var request = context.Request;
        var form = request.HasFormContentType
            ? FormTree.Parse((await request.ReadFormAsync()).Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())))
            : FormTree.Parse(request.Query.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())));
        var idempotencyKey = request.Headers["Idempotency-Key"].FirstOrDefault();
        state.Record(new RecordedRequest(request.Method, request.Path, form, idempotencyKey));
        if (request.Headers["Stripe-Version"].FirstOrDefault() is { Length: > 0 } version)
        {
            state.ApiVersion = version;
        }

        if (request.Headers.Authorization.FirstOrDefault() is not { } authorization
            || !authorization.StartsWith("Bearer sk_", StringComparison.Ordinal))
        {
            return Error(new StripeError(401, "invalid_request_error", "Invalid API Key provided."));
        }

        if (state.TakeFault(request.Method, request.Path) is { } fault)
        {
            // Asked not to be retried, so one injected failure reaches the caller even with client retries on.
            context.Response.Headers["Stripe-Should-Retry"] = "false";
            return Error(fault);
        }

        if (idempotencyKey is null || request.Method != HttpMethods.Post)
        {
            return Run(operation, form);
        }

        // Stripe answers a repeated key with the first response; holding one gate makes concurrent repeats wait for it.
        await replays.Gate.WaitAsync();
        try
        {
            if (replays.Responses.TryGetValue(idempotencyKey, out var replay))
            {
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Content(replay.Body, "application/json", statusCode: replay.Status);
            }

            var (status, body) = Execute(operation, form);
            replays.Responses[idempotencyKey] = (status, body);
            return Results.Content(body, "application/json", statusCode: status);
        }
        finally
        {
            replays.Gate.Release();
        }
    }

    /// <summary>First responses by idempotency key; one gate makes concurrent repeats of a key wait for the first.</summary>
    private sealed class Replays
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Dictionary<string, (int Status, string Body)> Responses { get; } = new(StringComparer.Ordinal);
    }

    private static IResult Run(Func<JsonObject, JsonObject> operation, JsonObject form)
    {
        var (status, body) = Execute(operation, form);
        return Results.Content(body, "application/json", statusCode: status);
    }

    private static (int Status, string Body) Execute(Func<JsonObject, JsonObject> operation, JsonObject form)
    {
        try
        {
            return (200, operation(form).ToJsonString());
        }
        catch (StripeError error)
        {
            return (error.Status, JsonSerializerToString(error.ToBody()));
        }
    }

    private static IResult Error(StripeError error) => Results.Json(error.ToBody(), statusCode: error.Status);

    private static string JsonSerializerToString(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static IResult CheckoutPage(FakeStripeState state, string id)
    {
        var session = state.Session(id);
        var amount = (session.AmountTotal / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        var html = $"""
            <!doctype html>
            <html><head><title>Fake Stripe Checkout (simulated)</title></head>
            <body>
              <h1>Fake Stripe Checkout — simulated, no real payment</h1>
              <p>{WebUtility.HtmlEncode(session.Mode)}: ${amount} USD</p>
              <form method="post" action="/checkout/{WebUtility.HtmlEncode(id)}/pay"><button type="submit">Pay</button></form>
              <p><a href="{WebUtility.HtmlEncode(session.CancelUrl)}">Cancel</a></p>
            </body></html>
            """;
        return Results.Content(html, "text/html");
    }
}
