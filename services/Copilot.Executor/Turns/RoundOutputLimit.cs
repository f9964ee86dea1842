using Copilot.Executor.Llm;

namespace Copilot.Executor.Turns;

/// <summary>
/// What one model round may produce, sized to what the user may still spend. A round costs its input plus its output,
/// and the output is what a long answer makes unbounded, so <see cref="MaxTokens"/> is what the remaining budget pays
/// for after the estimated input, at the model's output price — never below <see cref="LlmOptions.MinRoundOutputTokens"/>
/// (a turn near its limit still says something short), never above <see cref="LlmOptions.MaxRoundOutputTokens"/>.
/// A round starts only while budget remains (usage refuses it otherwise), so one round passes the limit by at most
/// <c>MinRoundOutputTokens × output price + its input cost</c> (its input cost beyond the estimate, when the budget
/// rather than the floor set the cap), and the next check ends the turn.
/// </summary>
/// <param name="MaxTokens">The round's <c>max_tokens</c>; null when the user's spend is not limited (or usage did not answer).</param>
/// <param name="ThinkingTokens">The reasoning budget to ask for, within <see cref="MaxTokens"/>; 0 asks for none.</param>
/// <param name="CappedByBudget">The remaining budget, not the configured maximum, set <see cref="MaxTokens"/>.</param>
public sealed record RoundOutputLimit(int? MaxTokens, int ThinkingTokens, bool CappedByBudget)
{
    /// <summary>Anthropic's smallest thinking budget; a round that cannot afford it thinks not at all.</summary>
    public const int MinThinkingTokens = 1_024;

    /// <param name="thinkingTokens">The turn's reasoning budget (<see cref="LlmOptions.ThinkingTokensFor"/>).</param>
    public static RoundOutputLimit For(long? remainingMicrodollars, int estimatedPromptTokens, ModelPrice price, LlmOptions options, int thinkingTokens)
    {
        if (remainingMicrodollars is not { } remaining)
        {
            return new RoundOutputLimit(null, thinkingTokens, false);
        }

        var affordable = price.OutputUsdPerMillionTokens > 0
            ? (remaining - estimatedPromptTokens * price.InputUsdPerMillionTokens) / price.OutputUsdPerMillionTokens
            : decimal.MaxValue;
        var maxTokens = (int)Math.Clamp(Math.Floor(affordable), options.MinRoundOutputTokens, options.MaxRoundOutputTokens);

        // Reasoning counts as output, and Anthropic wants max_tokens above the thinking budget: it is cut to leave the
        // floor for the answer, or dropped when what is left is below Anthropic's minimum.
        var thinking = thinkingTokens;
        if (thinking > 0 && thinking > maxTokens - options.MinRoundOutputTokens)
        {
            thinking = maxTokens - options.MinRoundOutputTokens;
            thinking = thinking >= MinThinkingTokens ? thinking : 0;
        }

        return new RoundOutputLimit(maxTokens, thinking, affordable < options.MaxRoundOutputTokens);
    }
}
