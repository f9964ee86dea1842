using System.Collections.Concurrent;
using Copilot.Executor.Tools;
using Copilot.Executor.Turns;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Prompts;

/// <summary>The system prompt of a turn, rendered from the prompt file for the tools the turn may call.</summary>
public sealed class SystemPrompt(IOptions<ExecutorOptions> options)
{
    /// <summary>Shipped next to the executor; a deployment points <c>Executor:SystemPromptFile</c> elsewhere.</summary>
    public const string BundledFile = "Prompts/system-prompt.md";

    private readonly Lazy<SystemPromptTemplate> _template = new(() => Load(options.Value));

    /// <summary>One text per tool set: a provider's prompt cache hits only on a byte-identical prompt.</summary>
    private readonly ConcurrentDictionary<string, string> _rendered = new(StringComparer.Ordinal);

    public string For(IReadOnlyList<ICopilotTool> tools) =>
        _rendered.GetOrAdd(string.Join(',', tools.Select(tool => tool.Name)),
            _ => _template.Value.Render(tools.Select(tool => tool.Name).ToHashSet(StringComparer.Ordinal)));

    /// <summary>For start-up validation: the file exists and its sections are well formed.</summary>
    public static bool CanLoad(ExecutorOptions options)
    {
        try
        {
            Load(options);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return false;
        }
    }

    private static SystemPromptTemplate Load(ExecutorOptions options) =>
        SystemPromptTemplate.Parse(File.ReadAllText(options.SystemPromptFile ?? Path.Combine(AppContext.BaseDirectory, BundledFile)));
}
