using System.ComponentModel.DataAnnotations;

namespace Copilot.Executor.Llm;

/// <summary>
/// The OpenAI-compatible provider. With no <see cref="BaseUrl"/> the executor calls the bundled simulator through
/// service discovery (<c>http://llm-sim</c>); with <c>OPENROUTER_API_KEY</c> set it defaults to OpenRouter.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";
    public const string SimulatorBaseUrl = "http://llm-sim/v1/";
    public const string OpenRouterBaseUrl = "https://openrouter.ai/api/v1/";

    /// <summary>Defaults to the simulator or OpenRouter (see the class summary) before validation runs.</summary>
    [AbsoluteHttpUrl]
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    [Required]
    public string StandardModel { get; set; } = "anthropic/claude-sonnet-4-6";

    [Required]
    public string AdvancedModel { get; set; } = "anthropic/claude-opus-4-7";

    /// <summary>Extended-thinking budget for Anthropic routes; 0 or less turns reasoning off (the operator kill switch).</summary>
    [Range(-1, 128_000)]
    public int MaxThinkingTokens { get; set; } = 8192;

    /// <summary>Anthropic accepts only "5m" or "1h".</summary>
    [RegularExpression("^(5m|1h)$")]
    public string PromptCacheTtl { get; set; } = "1h";

    /// <summary>
    /// The history size (estimated tokens) above which older messages are summarised. Below the models' windows so
    /// the answer and the tool schemas still fit.
    /// </summary>
    [Range(200, 2_000_000)]
    public int ContextBudgetTokens { get; set; } = 120_000;

    /// <summary>Longest silence tolerated inside one model call before it is abandoned.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public string ModelFor(string tier) => tier == "advanced" ? AdvancedModel : StandardModel;
}
