namespace Copilot.AppHost;

/// <summary>The AppHost's own settings (section <c>Copilot</c>; the command-line flags map onto it).</summary>
public sealed class CopilotHostOptions
{
    public const string SectionName = "Copilot";

    public bool InfraOnly { get; set; }

    public bool External { get; set; }

    public string? StateFile { get; set; }

    public string? DataDirectory { get; set; }

    public bool KeepData { get; set; }

    public bool RedisPersistence { get; set; }

    public int GatewayPort { get; set; } = 8080;

    public string ServiceEnvironment { get; set; } = "Development";

    public static CopilotHostOptions From(IConfiguration configuration)
    {
        var options = new CopilotHostOptions();
        if (int.TryParse(configuration["COPILOT_GATEWAY_PORT"], out var gatewayPort))
        {
            options.GatewayPort = gatewayPort;
        }

        configuration.GetSection(SectionName).Bind(options);
        return options;
    }
}
