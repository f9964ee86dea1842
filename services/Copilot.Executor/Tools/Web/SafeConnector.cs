using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Tools.Web;

/// <summary>
/// The only way <c>web_fetch</c>'s HTTP handler opens a connection: it resolves the host itself, refuses when any of its
/// addresses is not public (unless the host is allow-listed), and connects to an address it has checked. Checking at
/// connect time, on the very address used, is what defeats DNS rebinding (a name that resolves to a public address when
/// checked and to 127.0.0.1 when connected); checking the URL alone could not.
/// </summary>
public sealed class SafeConnector(IOptionsMonitor<WebFetchOptions> options)
{
    /// <summary>The handler behind the named client: no proxy (it would do the connecting, past these checks), no automatic
    /// redirects (the tool checks every hop), decompression (the size cap counts the decompressed bytes).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, cancellationToken),
    };

    /// <exception cref="WebFetchRefusedException">The host resolves to an address that is not public and is not allow-listed.</exception>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(endPoint.Host, cancellationToken);
        if (!new HostAllowList(options.CurrentValue.AllowedHosts).Allows(endPoint.Host, endPoint.Port))
        {
            // Every address is checked, not only the one used: a host that also resolves to an internal address is refused.
            foreach (var address in addresses)
            {
                if (AddressPolicy.RefusedKind(address) is { } kind)
                {
                    throw WebFetchRefusedException.ForAddress(endPoint.Host, address, kind);
                }
            }
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var literal))
        {
            return [literal];
        }

        var addresses = await Dns.GetHostAddressesAsync(bare, cancellationToken);
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
    }
}
