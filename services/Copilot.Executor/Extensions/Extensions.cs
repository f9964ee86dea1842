using Copilot.Chat;
using Copilot.Executor.Llm;
using Copilot.Executor.Prompts;
using Copilot.Executor.Telemetry;
using Copilot.Executor.Titles;
using Copilot.Executor.Tools;
using Copilot.Executor.Tools.Builtin;
using Copilot.Executor.Tools.SubSessions;
using Copilot.Executor.Tools.Mcp;
using Copilot.Executor.Tools.Sandbox;
using Copilot.Executor.Tools.Web;
using Copilot.Executor.Turns;
using Copilot.Messaging;
using Copilot.ServiceDefaults.Authentication;
using Copilot.Usage.Client;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddChatInfrastructure(traceRedisCommands: builder.ExportsTelemetry());
        builder.Services.AddUsageAdmission().AddInternalApiKey();
        builder.AddCopilotMessaging(bus =>
        {
            bus.AddConsumer<RunCopilotTurnConsumer, RunCopilotTurnConsumerDefinition>();
            bus.AddConsumer<CancelCopilotTurnConsumer, CancelCopilotTurnConsumerDefinition>();
            bus.AddConsumer<ChatSessionDeletedConsumer, ChatSessionDeletedConsumerDefinition>();
        });

        builder.AddExecutorMetrics();
        builder.Services.AddOptions<ExecutorOptions>()
            .BindConfiguration(ExecutorOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(SystemPrompt.CanLoad, "The system prompt file cannot be read, or a tool section in it is not closed.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SystemPrompt>();
        builder.Services.AddSingleton<SessionTitler>();
        builder.Services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => ApplyProviderDefaults(options, configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<ExecutorIdentity>();
        builder.Services.AddSingleton<ActiveTurns>();
        builder.Services.AddScoped<SessionLeases>();
        builder.Services.AddScoped<TurnContextLoader>();
        builder.Services.AddScoped<ContextCompactor>();
        builder.Services.AddScoped<FollowUpDelivery>();
        builder.Services.AddScoped<CostReporter>();
        builder.Services.AddScoped<RoundAdmission>();
        builder.Services.AddScoped<TurnRunner>();
        builder.Services.AddHostedService<StuckTurnWatchdog>();
        builder.Services.AddHostedService<UnsettledTurnEndSweep>();
        builder.AddCopilotTools();
        builder.AddLlmClient();
        return builder;
    }

    private static void AddCopilotTools(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ToolOptions>()
            .BindConfiguration(ToolOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ICopilotTool, CurrentTimeTool>();
        builder.Services.AddSingleton<ICopilotTool, RunSubSessionTool>();
        builder.Services.AddSingleton<ICopilotTool, GetSubSessionResultTool>();
        builder.Services.AddScoped<SubSessionTranscript>();
        builder.Services.AddSingleton<ToolGates>();
        builder.Services.AddSingleton<ICopilotTool, Tools.Workspace.WriteWorkspaceFileTool>();
        builder.Services.AddSingleton<ICopilotTool, Tools.Workspace.ReadWorkspaceFileTool>();
        builder.Services.AddSingleton<ICopilotTool, Tools.Workspace.ListWorkspaceFilesTool>();
        builder.Services.AddSingleton<ICopilotTool, Tools.Memories.AddMemoryTool>();
        builder.Services.AddSingleton<ICopilotTool, Tools.Memories.SearchMemoryTool>();
        builder.Services.AddSingleton<ICopilotTool, Tools.Memories.ForgetMemoryTool>();
        builder.Services.AddSingleton<ICopilotTool, Tools.Results.ReadToolResultTool>();
        builder.AddSandboxTools();
        builder.AddWebFetchTool();
        builder.AddMcpTools();
        builder.Services.AddSingleton<ToolRegistry>();
        builder.Services.AddSingleton<ToolRunner>();
    }

    /// <summary>
    /// A model call streams for minutes, so the standard resilience handler (short attempt timeouts, retries that
    /// would replay a half-streamed answer) does not fit; the client gets only an idle guard and service discovery.
    /// </summary>
    private static void AddLlmClient(this IHostApplicationBuilder builder)
    {
#pragma warning disable EXTEXP0001 // The only API that opts one client out of ConfigureHttpClientDefaults' handler.
        builder.Services.AddHttpClient<LlmClient>((services, http) =>
            {
                var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl!);
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    /// <summary>OpenRouter when its key is set, a configured OpenAI-compatible URL otherwise, else the bundled simulator.</summary>
    private static void ApplyProviderDefaults(LlmOptions options, IConfiguration configuration)
    {
        var openRouterKey = configuration["OPENROUTER_API_KEY"];
        if (string.IsNullOrEmpty(options.BaseUrl))
        {
            options.BaseUrl = string.IsNullOrEmpty(openRouterKey) ? LlmOptions.SimulatorBaseUrl : LlmOptions.OpenRouterBaseUrl;
        }

        if (!options.BaseUrl.EndsWith('/'))
        {
            options.BaseUrl += "/";
        }

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            options.ApiKey = openRouterKey;
        }
    }
}
