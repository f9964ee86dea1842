using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Copilot.FakeOidc;

/// <summary>
/// An in-memory OIDC provider for tests: point <c>Jwt:Authority</c> and <c>Oidc:Authority</c> at
/// <see cref="Authority"/>, and every sign-in through it approves <see cref="FakeOidcOptions.Subject"/>.
/// </summary>
public sealed class FakeOidcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOidcServer(WebApplication app, FakeOidcState state)
    {
        _app = app;
        State = state;
    }

    public FakeOidcState State { get; }

    /// <summary><c>http://127.0.0.1:port</c>: the issuer, without a trailing slash.</summary>
    public string Authority => State.Issuer;

    public static async Task<FakeOidcServer> StartAsync(FakeOidcOptions? options = null, string[]? args = null)
    {
        options ??= new FakeOidcOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Url ?? "http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The web client calls discovery and /token from its own origin, as it would a real provider's.
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));
        var state = new FakeOidcState(options);
        var app = builder.Build();
        app.UseCors();
        app.MapFakeOidc(state);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        state.Issuer = address.TrimEnd('/');
        return new FakeOidcServer(app, state);
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        State.Dispose();
    }
}
