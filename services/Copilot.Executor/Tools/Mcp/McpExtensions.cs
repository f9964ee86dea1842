namespace Copilot.Executor.Tools.Mcp;

public static class McpExtensions
{
    /// <summary>Tools of the MCP servers configured under <c>Mcp:Servers</c>, connected in the background.</summary>
    public static IHostApplicationBuilder AddMcpTools(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<McpOptions>()
            .BindConfiguration(McpOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<McpToolCatalog>();
        builder.Services.AddSingleton<IRuntimeToolSource>(services => services.GetRequiredService<McpToolCatalog>());
        builder.Services.AddHostedService<McpConnector>();
        return builder;
    }
}
