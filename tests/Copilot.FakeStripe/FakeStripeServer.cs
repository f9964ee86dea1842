using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Copilot.FakeStripe;

/// <summary>How to run the fake.</summary>
public sealed class FakeStripeOptions
{
    /// <summary>Kestrel URL; a free loopback port when null.</summary>
    public string? Url { get; set; }

    /// <summary>When set, every event is also delivered here, signed with <see cref="WebhookSecret"/>, in order (like Stripe).</summary>
    public Uri? WebhookUrl { get; set; }

    public string WebhookSecret { get; set; } = "";

    public TimeProvider Time { get; set; } = TimeProvider.System;
}

/// <summary>
/// An in-memory Stripe for tests: point Stripe.net at <see cref="BaseAddress"/> (<c>StripeClient(apiKey, apiBase: …)</c>),
/// drive Stripe-side happenings through <see cref="State"/>, and deliver its <see cref="FakeStripeState.Events"/> as
/// signed webhooks (automatically with <see cref="FakeStripeOptions.WebhookUrl"/>, or with <see cref="StripeWebhookSender"/>).
/// </summary>
public sealed class FakeStripeServer : IAsyncDisposable
{
    /// <summary>Any key starting with <c>sk_</c> is accepted.</summary>
    public const string ApiKey = "sk_test_fake_stripe";

    private readonly WebApplication _app;
    private readonly Channel<JsonObject>? _deliveries;
    private readonly Task _delivery = Task.CompletedTask;

    private FakeStripeServer(WebApplication app, FakeStripeState state, Uri baseAddress, FakeStripeOptions options)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
        if (options.WebhookUrl is { } webhookUrl)
        {
            _deliveries = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
            state.EventEmitted += stripeEvent => _deliveries.Writer.TryWrite(stripeEvent);
            _delivery = DeliverAsync(new StripeWebhookSender(new HttpClient(), webhookUrl, options.WebhookSecret), _deliveries.Reader);
        }
    }

    public FakeStripeState State { get; }

    /// <summary><c>http://127.0.0.1:port/</c>; Stripe.net's API base.</summary>
    public Uri BaseAddress { get; }

    public static async Task<FakeStripeServer> StartAsync(FakeStripeOptions? options = null, string[]? args = null)
    {
        options ??= new FakeStripeOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Url ?? "http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var state = new FakeStripeState { Time = options.Time };
        var app = builder.Build();
        app.MapFakeStripe(state);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        state.PublicAddress = baseAddress;
        return new FakeStripeServer(app, state, baseAddress, options);
    }

    /// <summary>A Stripe-style delivery loop: a failed delivery is retried a few times, then dropped (Stripe retries for days).</summary>
    private static async Task DeliverAsync(StripeWebhookSender sender, ChannelReader<JsonObject> events)
    {
        await foreach (var stripeEvent in events.ReadAllAsync())
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    using var response = await sender.SendAsync(stripeEvent);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // The endpoint may not be up yet; retry.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)));
            }
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        _deliveries?.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _delivery;
    }
}
