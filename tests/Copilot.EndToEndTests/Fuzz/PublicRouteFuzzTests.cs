using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.FakeStripe;
using Copilot.Testing;

namespace Copilot.EndToEndTests.Fuzz;

/// <summary>
/// Every public route, through the gateway, with the inputs a hostile client tries (issue 14): no 5xx, no hang, no
/// forged identity accepted, and afterwards the user's session still answers and no message sits in an error queue.
/// </summary>
// Shares the collection only to run one platform stack at a time: several at once starve a 2-core machine.
[Collection(GatewayStackCollection.Name)]
public sealed class PublicRouteFuzzTests : IAsyncLifetime
{
    private const int Parallelism = 4;
    private FakeStripeServer _stripe = null!;
    private CopilotStack _stack = null!;

    public async Task InitializeAsync()
    {
        // Payments configured (against the fake Stripe), so every billing route does its real work rather than
        // answering the seed's 503 for an unconfigured deployment.
        _stripe = await FakeStripeServer.StartAsync();
        var options = PaymentsStack.Options(_stripe, webhookSecret: "whsec_fuzz");
        // The anonymous routes are fuzzed, not rate limited away.
        options.Environment["RateLimiting__Anonymous__PermitLimit"] = "100000";
        _stack = await CopilotStack.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Fact]
    public async Task Every_public_route_of_every_service_is_in_the_fuzzed_catalogue()
    {
        var described = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var service in new[] { _stack.ChatApis[0], _stack.Usage!, _stack.Billing! })
        {
            using var http = service.CreateClient();
            var document = await http.GetFromJsonAsync<JsonElement>("openapi/v1.json");
            foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
            {
                foreach (var operation in path.Value.EnumerateObject())
                {
                    described.Add($"{operation.Name.ToUpperInvariant()} {path.Name.TrimEnd('/')}");
                }
            }
        }

        described.Should().NotBeEmpty();
        described.Except(PublicRoutes.All.Select(route => route.Key)).Should().BeEmpty("every route a service serves must be fuzzed");
    }

    [Fact]
    public async Task Hostile_input_on_every_public_route_gets_a_4xx_never_a_5xx_a_hang_or_a_forged_identity()
    {
        var userId = $"fuzz-{Guid.NewGuid():N}";
        var targets = await FuzzTargets.CreateAsync(_stack, userId);
        using var fuzzer = new RouteFuzzer(_stack.Gateway!.BaseAddress);

        await Parallel.ForEachAsync(PublicRoutes.All, new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (route, _) => await FuzzAsync(fuzzer, route, targets));

        fuzzer.Findings.Should().BeEmpty(
            $"{fuzzer.Sent} hostile requests were sent, and these got answers no client may get:{Environment.NewLine}{string.Join(Environment.NewLine, fuzzer.Findings.Take(60))}");
        await targets.AssertStillWorksAsync();
        (await ErrorQueueMessagesAsync()).Should().BeEmpty("no consumer may fault on hostile input");
    }

    private static async Task FuzzAsync(RouteFuzzer fuzzer, PublicRoute route, FuzzTargets targets)
    {
        var token = targets.TokenFor(route.Caller);
        var path = targets.Fill(route.Path);
        var body = route.Body is null ? null : targets.Fill(route.Body);

        foreach (var segment in HostileInputs.PathSegments.Where(_ => route.Path.Contains('{')))
        {
            await fuzzer.SendAsync(route.Method, targets.Fill(route.Path, segment), token, body);
        }

        foreach (var query in HostileInputs.Queries)
        {
            await fuzzer.SendAsync(route.Method, $"{path}{(path.Contains('?') ? '&' : '?')}{query}", token, body);
        }

        foreach (var header in HostileInputs.Headers)
        {
            await fuzzer.SendAsync(route.Method, path, token, body, header: header);
        }

        if (route.Method is not "GET")
        {
            foreach (var (hostileBody, contentType) in HostileInputs.Bodies)
            {
                await fuzzer.SendAsync(route.Method, path, token, hostileBody, contentType);
            }

            foreach (var mutation in body is null ? [] : HostileInputs.Mutations(body))
            {
                await fuzzer.SendAsync(route.Method, path, token, mutation);
            }
        }

        if (route.Caller is not Caller.Anonymous)
        {
            foreach (var forged in targets.ForgedTokens(route.Caller))
            {
                await fuzzer.SendForgedAsync(route.Method, path, forged, body);
            }
        }
    }

    private async Task<IReadOnlyList<string>> ErrorQueueMessagesAsync()
    {
        var vhost = Uri.UnescapeDataString(new Uri(_stack.RabbitMq).AbsolutePath.TrimStart('/'));
        using var management = new HttpClient { BaseAddress = _stack.Infrastructure.RabbitMQManagementUrl };
        management.DefaultRequestHeaders.Authorization = RabbitMQManagement.GuestAuthentication;
        var queues = await management.GetFromJsonAsync<JsonElement>($"api/queues/{Uri.EscapeDataString(vhost)}");
        return
        [
            .. queues.EnumerateArray()
                .Where(queue => queue.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal))
                .Where(queue => queue.TryGetProperty("messages", out var count) && count.GetInt64() > 0)
                .Select(queue => $"{queue.GetProperty("name").GetString()}: {queue.GetProperty("messages").GetInt64()}"),
        ];
    }
}
