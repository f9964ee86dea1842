using System.ComponentModel.DataAnnotations;
using Copilot.Contracts;

namespace Copilot.Executor.Llm;

/// <summary>
/// The OpenAI-compatible provider. With no <see cref="BaseUrl"/> the executor calls the bundled simulator through
/// service discovery (<c>http://llm-sim</c>); with <c>OPENROUTER_API_KEY</c> set it defaults to OpenRouter.
/// </summary>
public sealed class LlmOptions : IValidatableObject
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

    /// <summary>The small model that names a session after its first message.</summary>
    [Required]
    public string TitleModel { get; set; } = "openai/gpt-4o-mini";

    /// <summary>
    /// Reasoning budget for Anthropic routes of a turn with no <c>mode</c>; 0 or less turns reasoning off for every
    /// mode (the operator kill switch).
    /// </summary>
    [Range(-1, 128_000)]
    public int MaxThinkingTokens { get; set; } = 8192;

    /// <summary>Reasoning budget of an <c>extended_thinking</c> turn; at least Anthropic's minimum of 1 024.</summary>
    [Range(1_024, 128_000)]
    public int ExtendedThinkingTokens { get; set; } = 16_384;

    /// <summary>What a turn of <paramref name="mode"/> may spend on reasoning per round, before its budget cap.</summary>
    public int ThinkingTokensFor(string? mode) => MaxThinkingTokens <= 0 ? 0 : mode switch
    {
        TurnModes.Fast => 0,
        TurnModes.ExtendedThinking => ExtendedThinkingTokens,
        _ => MaxThinkingTokens,
    };

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

    /// <summary>
    /// List prices of <see cref="StandardModel"/> and <see cref="AdvancedModel"/> in USD per million tokens; keep
    /// them in step with the models. They only size a round's <c>max_tokens</c> to the user's remaining budget: what
    /// is charged is always the cost the provider reports.
    /// </summary>
    [Range(typeof(decimal), "0", "100000")]
    public decimal StandardModelInputUsdPerMillionTokens { get; set; } = 3m;

    [Range(typeof(decimal), "0", "100000")]
    public decimal StandardModelOutputUsdPerMillionTokens { get; set; } = 15m;

    [Range(typeof(decimal), "0", "100000")]
    public decimal AdvancedModelInputUsdPerMillionTokens { get; set; } = 5m;

    [Range(typeof(decimal), "0", "100000")]
    public decimal AdvancedModelOutputUsdPerMillionTokens { get; set; } = 25m;

    /// <summary>
    /// The floor of a round's <c>max_tokens</c> when the user's remaining budget pays for less, so a turn near its
    /// limit can still say something short. It bounds the overshoot: see <see cref="Turns.RoundOutputLimit"/>.
    /// </summary>
    [Range(16, 100_000)]
    public int MinRoundOutputTokens { get; set; } = 512;

    /// <summary>
    /// A limited user's round asks for at most this many output tokens even when the budget pays for more; it must
    /// not exceed the output limit of either model (the provider refuses a larger <c>max_tokens</c>).
    /// </summary>
    [Range(1_024, 1_000_000)]
    public int MaxRoundOutputTokens { get; set; } = 32_000;

    public string ModelFor(string tier) => tier == "advanced" ? AdvancedModel : StandardModel;

    public ModelPrice PriceFor(string tier) => tier == "advanced"
        ? new ModelPrice(AdvancedModelInputUsdPerMillionTokens, AdvancedModelOutputUsdPerMillionTokens)
        : new ModelPrice(StandardModelInputUsdPerMillionTokens, StandardModelOutputUsdPerMillionTokens);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinRoundOutputTokens > MaxRoundOutputTokens)
        {
            yield return new ValidationResult($"Llm:{nameof(MinRoundOutputTokens)} must not exceed Llm:{nameof(MaxRoundOutputTokens)}.",
                [nameof(MinRoundOutputTokens)]);
        }
    }
}
