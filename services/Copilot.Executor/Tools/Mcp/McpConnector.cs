using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Tools.Mcp;

/// <summary>
/// Keeps one MCP client per configured server in the background: connects, publishes the server's tools to the
/// <see cref="McpToolCatalog"/>, follows tool-list changes (notified, and re-read periodically), and on any failure
/// withdraws the tools and reconnects with backoff. Start-up never waits for a server.
/// </summary>
public sealed partial class McpConnector(
    IOptions<McpOptions> options,
    McpToolCatalog catalog,
    ILoggerFactory loggerFactory,
    ILogger<McpConnector> logger)
    : BackgroundService
{
    // Generous: a busy server (or executor) must not lose its tools over one slow answer.
    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(15);

    private readonly McpOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_options.Servers.Select(server =>
            Task.Run(() => KeepConnectedAsync(server.Key, server.Value, stoppingToken), CancellationToken.None)));

    private async Task KeepConnectedAsync(string name, McpServerOptions server, CancellationToken stoppingToken)
    {
        var delay = _options.RetryDelay;
        while (true)
        {
            var connected = false;
            try
            {
                await using var client = await ConnectAsync(name, server, stoppingToken);
                connected = true;
                await using var listChanges = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification,
                    (_, cancellationToken) => new ValueTask(OnToolListChangedAsync(name, client, cancellationToken)));
                LogTools(name, await PublishToolsAsync(name, client, stoppingToken));
                LogDisconnected(name, await WatchAsync(name, client, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The message is enough to act on, and a server that stays down is retried for as long as it does.
                LogFailed(name, connected ? _options.RetryDelay : delay, exception.Message);
            }
            finally
            {
                catalog.Remove(name);
            }

            delay = connected ? _options.RetryDelay : delay;
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }
    }

    private async Task<McpClient> ConnectAsync(string name, McpServerOptions server, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        var clientOptions = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "copilot-executor", Version = "1.0" },
            InitializationTimeout = _options.ConnectTimeout,
        };
        return await McpClient.CreateAsync(Transport(name, server), clientOptions, loggerFactory, timeout.Token);
    }

    private IClientTransport Transport(string name, McpServerOptions server)
    {
        if (!string.IsNullOrWhiteSpace(server.Url))
        {
            return new HttpClientTransport(new HttpClientTransportOptions
            {
                Name = name,
                Endpoint = new Uri(server.Url),
                AdditionalHeaders = server.Headers,
                ConnectionTimeout = _options.ConnectTimeout,
            }, loggerFactory);
        }

        // The executor's environment holds the provider key and connection strings: a server gets the SDK's minimal
        // set (PATH, HOME, …) plus what its configuration lists, nothing else.
        var environment = StdioClientTransportOptions.GetDefaultEnvironmentVariables();
        foreach (var (key, value) in server.Environment)
        {
            environment[key] = value;
        }

        return new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = name,
            Command = server.Command!,
            Arguments = server.Arguments,
            WorkingDirectory = server.WorkingDirectory,
            InheritEnvironmentVariables = false,
            EnvironmentVariables = environment,
        }, loggerFactory);
    }

    /// <summary>Reads the server's tool list into the catalog; returns how many tools it has.</summary>
    private async Task<int> PublishToolsAsync(string name, McpClient client, CancellationToken cancellationToken)
    {
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
        catalog.Replace(name, [.. tools.Select(tool => new McpTool(name, tool))]);
        return tools.Count;
    }

    private async Task OnToolListChangedAsync(string name, McpClient client, CancellationToken cancellationToken)
    {
        try
        {
            LogTools(name, await PublishToolsAsync(name, client, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The previous list stays; if the server is gone, the next periodic refresh notices.
            LogListFailed(exception, name);
        }
    }

    /// <summary>
    /// Re-reads the tool list every <see cref="McpOptions.RefreshInterval"/> until the session ends; returns why it
    /// did. The list doubles as the liveness check: <c>ping</c> is not offered in every protocol version, tools/list is.
    /// </summary>
    private async Task<string> WatchAsync(string name, McpClient client, CancellationToken stoppingToken)
    {
        while (true)
        {
            var tick = Task.Delay(_options.RefreshInterval, stoppingToken);
            if (await Task.WhenAny(client.Completion, tick) != tick)
            {
                return (await client.Completion).Exception?.Message ?? "the session closed";
            }

            await tick;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(RefreshTimeout);
                await PublishToolsAsync(name, client, timeout.Token);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                return $"listing its tools failed: {exception.Message}";
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} offers {Count} tools")]
    private partial void LogTools(string server, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} disconnected ({Reason}); its tools are withdrawn until it is back")]
    private partial void LogDisconnected(string server, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} is unavailable; retrying in {Delay}: {Error}")]
    private partial void LogFailed(string server, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the tools of MCP server {Server} failed")]
    private partial void LogListFailed(Exception exception, string server);
}
