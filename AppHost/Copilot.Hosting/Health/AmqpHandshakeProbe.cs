using System.Net.Sockets;

namespace Copilot.Hosting.Health;

/// <summary>
/// Sends the AMQP 0-9-1 protocol header and expects the broker's <c>Connection.Start</c> method frame.
/// Used for external brokers, whose management API address is unknown.
/// </summary>
public sealed class AmqpHandshakeProbe(string host, int port) : IHealthProbe
{
    private const byte MethodFrameType = 1;
    private static readonly byte[] ProtocolHeader = "AMQP\0\0\u0009\u0001"u8.ToArray();

    public static AmqpHandshakeProbe FromUri(Uri amqpUri) =>
        new(amqpUri.Host, amqpUri.Port > 0 ? amqpUri.Port : 5672);

    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(ProtocolHeader, timeout.Token);
            var frameType = new byte[1];
            var read = await stream.ReadAtLeastAsync(frameType, 1, throwOnEndOfStream: false, timeout.Token);
            return read == 1 && frameType[0] == MethodFrameType
                ? HealthProbeResult.Healthy("AMQP Connection.Start")
                : HealthProbeResult.Unhealthy("the broker did not answer the AMQP protocol header");
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthProbeResult.Unhealthy(exception.Message);
        }
    }
}
