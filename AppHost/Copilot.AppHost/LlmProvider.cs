namespace Copilot.AppHost;

/// <summary>
/// The real LLM provider's settings, when one is configured (<c>OPENROUTER_API_KEY</c> or any <c>Llm:*</c> setting
/// with <c>Llm:BaseUrl</c>): then they go to the executors and the simulator is not started.
/// </summary>
public sealed record LlmProvider(IReadOnlyList<(string Name, string Value)> Settings)
{
    public bool IsConfigured => Settings.Any(setting =>
        setting.Name.Equals("OPENROUTER_API_KEY", StringComparison.OrdinalIgnoreCase)
        || setting.Name.Equals("Llm__BaseUrl", StringComparison.OrdinalIgnoreCase));

    public static LlmProvider From(IConfiguration configuration)
    {
        var settings = configuration.GetSection("Llm").AsEnumerable(makePathsRelative: false)
            .Where(setting => setting.Value is not null)
            .Select(setting => (Name: setting.Key.Replace(":", "__"), Value: setting.Value!))
            .ToList();
        if (configuration["OPENROUTER_API_KEY"] is { Length: > 0 } openRouterKey)
        {
            settings.Add(("OPENROUTER_API_KEY", openRouterKey));
        }

        return new LlmProvider(settings);
    }
}
