using System.Globalization;
using System.Reflection;

namespace Copilot.Hosting;

/// <summary>How the orchestrator runs; <see cref="Parse"/> reads the AppHost's command-line flags.</summary>
public sealed class DistributedApplicationOptions
{
    public const int DefaultDashboardPort = 18888;

    public const string Usage = """
        Options:
          --external               use ConnectionStrings__redis/__rabbitmq/__postgres instead of starting servers
          --infra-only             start only Redis, RabbitMQ and PostgreSQL (no projects, no dashboard by default)
          --state-file PATH        with --infra-only: write the servers' connection info there once healthy
          --run-dir PATH           folder for the servers' data (default: .run/<timestamp> under the repository)
          --keep-data              keep the run folder after shutdown
          --dashboard-port PORT    dashboard port (default 18888; 0 picks a free port)
          --no-dashboard           do not serve the dashboard
          --environment NAME       ASPNETCORE_ENVIRONMENT/DOTNET_ENVIRONMENT of projects (default Development)
          --health-timeout SECS    how long a resource may take to become healthy (default 60)
          --verbose                echo every line of every process, not only warnings and errors
          --help                   print this text
        Other arguments (e.g. --Llm:Model=x) become configuration.
        """;

    /// <summary>Arguments that are not orchestrator flags; they feed the builder's configuration.</summary>
    public string[] Args { get; set; } = [];

    /// <summary>Folder holding Copilot.sln; found by walking up from the AppHost when null.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Folder for the infrastructure's data directories; <c>.run/&lt;timestamp&gt;</c> under the repository when null.</summary>
    public string? RunDirectory { get; set; }

    public bool KeepData { get; set; }

    public bool UseExternalInfrastructure { get; set; }

    public bool InfrastructureOnly { get; set; }

    public string? StateFilePath { get; set; }

    /// <summary>Null serves no dashboard; 0 picks a free port.</summary>
    public int? DashboardPort { get; set; } = DefaultDashboardPort;

    public bool Verbose { get; set; }

    public string EnvironmentName { get; set; } = "Development";

    /// <summary>Which <c>bin/&lt;Configuration&gt;</c> projects are launched from: the AppHost's own configuration.</summary>
    public string BuildConfiguration { get; set; } = ProjectLocator.BuildConfigurationOf(Assembly.GetEntryAssembly());

    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ProjectStopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>RabbitMQ needs several seconds to stop cleanly.</summary>
    public TimeSpan InfrastructureStopGracePeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the orchestrator writes its own messages and echoed process output.</summary>
    public TextWriter Output { get; set; } = Console.Out;

    /// <exception cref="ArgumentException">A flag is missing its value or has an invalid one; the message includes <see cref="Usage"/>.</exception>
    public static DistributedApplicationOptions Parse(string[] args)
    {
        var options = new DistributedApplicationOptions();
        var remaining = new List<string>();
        var dashboardPortGiven = false;
        for (var index = 0; index < args.Length; index++)
        {
            var (flag, inlineValue) = SplitFlag(args[index]);
            string Value() => inlineValue ?? (index + 1 < args.Length ? args[++index] : throw Invalid($"{flag} needs a value."));

            switch (flag)
            {
                case "--external": options.UseExternalInfrastructure = true; break;
                case "--infra-only": options.InfrastructureOnly = true; break;
                case "--state-file": options.StateFilePath = Value(); break;
                case "--run-dir": options.RunDirectory = Value(); break;
                case "--keep-data": options.KeepData = true; break;
                case "--dashboard-port": options.DashboardPort = ParseNumber(flag, Value()); dashboardPortGiven = true; break;
                case "--no-dashboard": options.DashboardPort = null; dashboardPortGiven = true; break;
                case "--environment": options.EnvironmentName = Value(); break;
                case "--health-timeout": options.HealthTimeout = TimeSpan.FromSeconds(ParseNumber(flag, Value())); break;
                case "--verbose": options.Verbose = true; break;
                default: remaining.Add(args[index]); break;
            }
        }

        if (options.StateFilePath is not null && !options.InfrastructureOnly)
        {
            throw Invalid("--state-file is only meaningful with --infra-only.");
        }

        // The shared test infrastructure runs next to a developer's AppHost, which owns the default port.
        if (options.InfrastructureOnly && !dashboardPortGiven)
        {
            options.DashboardPort = null;
        }

        options.Args = remaining.ToArray();
        return options;
    }

    private static (string Flag, string? InlineValue) SplitFlag(string argument)
    {
        var separator = argument.IndexOf('=');
        return argument.StartsWith("--", StringComparison.Ordinal) && separator > 0
            ? (argument[..separator], argument[(separator + 1)..])
            : (argument, null);
    }

    private static int ParseNumber(string flag, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid($"{flag} needs a non-negative whole number, not '{value}'.");

    private static ArgumentException Invalid(string message) => new($"{message}{Environment.NewLine}{Usage}");
}
