using System.Net;
using System.Net.Sockets;

namespace Copilot.Testing;

/// <summary>
/// Clients that connect from an address of their own in 127.0.0.0/8 (all of it is loopback on Linux), so a test is a
/// distinct client to a server's per-address rules, such as the gateway's anonymous rate limit, without forging a header.
/// </summary>
public static class LoopbackPeer
{
    /// <summary>A random loopback address, never 127.0.0.1, which every plain client of the test run shares.</summary>
    public static IPAddress NewAddress() =>
        new([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);

    public static HttpClient CreateClient(Uri baseAddress, IPAddress from) => new(Handler(from)) { BaseAddress = baseAddress };

    /// <summary>A handler to adjust further, e.g. with the encoding of request header values.</summary>
    public static SocketsHttpHandler Handler(IPAddress from) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(from.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
