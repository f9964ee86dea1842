using System.IO.Compression;
using System.Net;
using Copilot.Testing;

namespace Copilot.WebClient.BrowserTests.Edge;

/// <summary>
/// The real gateway process in front of <see cref="FakeUpstream"/> (as chat-api, usage and billing), with a small web
/// root of its own, a low anonymous rate limit and one allowed CORS origin.
/// </summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    public const string AllowedOrigin = "https://app.example.test";
    public const int AnonymousPermits = 5;
    public const string IndexMarker = "edge-test-web-client";
    public const string AssetPath = "/assets/app-3f9a1c.js";
    public const string AssetText = "console.log('app');";
    public const string CompressedAssetPath = "/assets/vendor-8d2e4b.js";

    /// <summary>The compressed asset's text; its .br and .gz siblings are written as build.sh writes them.</summary>
    public static readonly string CompressedAssetText = string.Concat(Enumerable.Repeat("export const answer = 42;\n", 200));

    private readonly string _webRoot = Directory.CreateTempSubdirectory("copilot-edge-web-").FullName;

    public FakeUpstream Upstream { get; private set; } = null!;

    public ServiceProcess Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "index.html"), $"<!doctype html><title>{IndexMarker}</title>");
        Directory.CreateDirectory(Path.Combine(_webRoot, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_webRoot, AssetPath.TrimStart('/')), AssetText);
        await WriteCompressedAssetAsync();

        Upstream = await FakeUpstream.StartAsync();
        var upstream = Upstream.Address.ToString().TrimEnd('/');
        var gateway = new ServiceProcessOptions("gateway/Copilot.Gateway") { Name = "edge-gateway" };
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["Jwt__SigningKey"] = TestTokens.SigningKey,
                     ["Jwt__Issuer"] = TestTokens.Issuer,
                     ["Jwt__Audience"] = TestTokens.Audience,
                     ["services__chat-api__http__0"] = upstream,
                     ["services__usage__http__0"] = upstream,
                     ["services__billing__http__0"] = upstream,
                     ["WebClient__Root"] = _webRoot,
                     ["Cors__AllowedOrigins__0"] = AllowedOrigin,
                     ["RateLimiting__Anonymous__PermitLimit"] = AnonymousPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            gateway.Environment[key] = value;
        }

        Gateway = await ServiceProcess.StartAsync(gateway);
    }

    private async Task WriteCompressedAssetAsync()
    {
        var path = Path.Combine(_webRoot, CompressedAssetPath.TrimStart('/'));
        await File.WriteAllTextAsync(path, CompressedAssetText);
        var bytes = System.Text.Encoding.UTF8.GetBytes(CompressedAssetText);
        await using (var br = new BrotliStream(File.Create(path + ".br"), CompressionLevel.SmallestSize))
        {
            await br.WriteAsync(bytes);
        }

        await using var gz = new GZipStream(File.Create(path + ".gz"), CompressionLevel.SmallestSize);
        await gz.WriteAsync(bytes);
    }

    public HttpClient Client(string? userId = null) =>
        userId is null ? new HttpClient { BaseAddress = Gateway.BaseAddress } : CopilotStack.CreateClient(Gateway.BaseAddress, userId);

    /// <summary>An anonymous client with a loopback address of its own, so it has its own anonymous rate limit.</summary>
    public HttpClient ClientFrom(IPAddress peer) => LoopbackPeer.CreateClient(Gateway.BaseAddress, peer);

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        Directory.Delete(_webRoot, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>
{
    public const string Name = "edge gateway";
}
