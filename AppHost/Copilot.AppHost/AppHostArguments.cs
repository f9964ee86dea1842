namespace Copilot.AppHost;

/// <summary>
/// The AppHost's command-line flags, turned into configuration keys so that <c>dotnet run</c>, <c>./run.sh</c> and
/// Aspire's testing builder (which passes its arguments into the AppHost's configuration) all mean the same thing.
/// </summary>
public static class AppHostArguments
{
    public const string Usage = """
        Usage: Copilot.AppHost [options] [--Section:Key=value ...]
          --infra-only            start only Redis, RabbitMQ and PostgreSQL (for the test suite)
          --state-file PATH       with --infra-only: write the servers' connection strings there once healthy
          --external              use ConnectionStrings__redis/__rabbitmq/__postgres instead of local servers
          --data-dir PATH         the local servers' data (default: .run/<timestamp> under the repository)
          --keep-data             keep the data directory after a clean stop
          --redis-persistence     Redis snapshots its data and reloads it when restarted
          --dashboard-port PORT   the Aspire dashboard's port (default 18888); its OTLP receiver and the
                                  AppHost's resource service take the ports 2 and 3 above it
          --gateway-port PORT     the gateway's port (default 8080, or COPILOT_GATEWAY_PORT)
          --environment NAME      ASPNETCORE_ENVIRONMENT of the services (default Development)
        Other arguments (e.g. --Llm:Model=x) become configuration.
        """;

    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--infra-only"] = "Copilot:InfraOnly",
        ["--external"] = "Copilot:External",
        ["--keep-data"] = "Copilot:KeepData",
        ["--redis-persistence"] = "Copilot:RedisPersistence",
    };

    private static readonly Dictionary<string, string> Valued = new(StringComparer.Ordinal)
    {
        ["--state-file"] = "Copilot:StateFile",
        ["--data-dir"] = "Copilot:DataDirectory",
        ["--gateway-port"] = "Copilot:GatewayPort",
        ["--environment"] = "Copilot:ServiceEnvironment",
        // The dashboard listens where ASPNETCORE_URLS says, read from the AppHost's configuration.
        ["--dashboard-port"] = "ASPNETCORE_URLS",
    };

    public static bool WantsHelp(string[] args) => args.Any(arg => arg is "--help" or "-h");

    public static DistributedApplicationOptions CreateOptions(string[] args) => new()
    {
        Args = [.. LocalDefaults(DashboardPort(args)), .. Translate(args)],
        // The test suite's servers run beside a developer's AppHost, which owns the dashboard's port.
        DisableDashboard = args.Contains("--infra-only") && !args.Contains("--dashboard-port"),
    };

    /// <exception cref="ArgumentException">A flag without its value, a port that is not one, or --state-file without --infra-only.</exception>
    public static string[] Translate(string[] args)
    {
        if (args.Contains("--state-file") && !args.Contains("--infra-only"))
        {
            throw new ArgumentException($"--state-file is written only with --infra-only.\n{Usage}");
        }

        var translated = new List<string>(args.Length);
        for (var index = 0; index < args.Length; index++)
        {
            var argument = args[index];
            if (Switches.TryGetValue(argument, out var switchKey))
            {
                translated.Add($"--{switchKey}=true");
            }
            else if (Valued.TryGetValue(argument, out var valuedKey))
            {
                var value = index + 1 < args.Length ? args[++index] : throw new ArgumentException($"{argument} needs a value.\n{Usage}");
                if (argument.EndsWith("-port", StringComparison.Ordinal) && !(int.TryParse(value, out var port) && port is > 0 and < 65_536))
                {
                    throw new ArgumentException($"{argument} needs a port number (1-65535), not '{value}'.\n{Usage}");
                }

                translated.Add(valuedKey == "ASPNETCORE_URLS" ? $"--{valuedKey}=http://127.0.0.1:{value}" : $"--{valuedKey}={value}");
            }
            else
            {
                translated.Add(argument);
            }
        }

        return [.. translated];
    }

    private static int DashboardPort(string[] args) =>
        Array.IndexOf(args, "--dashboard-port") is var index and >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var port)
            ? port
            : DefaultDashboardPort;

    public const int DefaultDashboardPort = 18888;

    /// <summary>
    /// <c>dotnet run</c> takes the dashboard's addresses from launchSettings.json; running the built AppHost (as run.sh
    /// and test.sh do) takes them from here, unless the environment sets them: the dashboard on its port, its OTLP/HTTP
    /// receiver two above and the AppHost's resource service three above (so <c>--dashboard-port</c> moves all three).
    /// Given as leading arguments, so that the caller's own arguments win, and never as environment variables of this
    /// process, which a test would inherit.
    /// </summary>
    private static IEnumerable<string> LocalDefaults(int dashboardPort)
    {
        (string Name, string Value)[] defaults =
        [
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{dashboardPort}"),
            ("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true"),
            ("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", $"http://127.0.0.1:{dashboardPort + 2}"),
            // The dashboard reads resources from the AppHost over this gRPC endpoint; without it the AppHost picks an
            // https one, which needs a trusted development certificate this machine does not have.
            ("ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL", $"http://127.0.0.1:{dashboardPort + 3}"),
        ];
        return defaults
            .Where(setting => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(setting.Name)))
            .Select(setting => $"--{setting.Name}={setting.Value}");
    }
}
