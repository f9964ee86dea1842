namespace Copilot.Executor.Tools.Sandbox;

public static class SandboxExtensions
{
    /// <summary><c>bash_exec</c> and the bubblewrap sandbox behind it (options <c>Executor:Sandbox</c>).</summary>
    public static IHostApplicationBuilder AddSandboxTools(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<BubblewrapSandbox>();
        builder.Services.AddSingleton<SandboxWorkspaces>();
        builder.Services.AddHostedService<SandboxSweeper>();
        builder.Services.AddSingleton<ICopilotTool, BashExecTool>();
        builder.Services.AddHostedService<SandboxProbe>();
        return builder;
    }
}
