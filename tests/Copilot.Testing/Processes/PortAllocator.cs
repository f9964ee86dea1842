using System.Net;
using System.Net.Sockets;

namespace Copilot.Testing.Processes;

/// <summary>Picks free loopback TCP ports, never handing out the same port twice in one process.</summary>
public static class PortAllocator
{
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    public static int GetFreePort()
    {
        lock (Gate)
        {
            // The OS may offer a port it just gave us again once our probe listener closes.
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException("Could not find a free TCP port on 127.0.0.1.");
        }
    }
}
