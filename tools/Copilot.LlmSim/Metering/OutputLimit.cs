using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim.Metering;

/// <summary>
/// <c>max_tokens</c>, as a provider applies it: the answer stops where the next piece would exceed the limit, with
/// <c>finish_reason: "length"</c>. Reasoning, text and tool-call pieces all count, as in <see cref="UsageCalculator"/>.
/// </summary>
public static class OutputLimit
{
    /// <returns><paramref name="events"/> itself when they fit (or no limit was asked for).</returns>
    public static IReadOnlyList<SimEvent> Apply(IReadOnlyList<SimEvent> events, int? maxTokens)
    {
        if (maxTokens is not { } limit)
        {
            return events;
        }

        // Pieces are counted one by one; joined pieces never count more (a word split across two is one token), so
        // the usage reported for the cut answer stays within the limit.
        var used = 0;
        for (var index = 0; index < events.Count; index++)
        {
            used += Tokens(events[index]);
            if (used > limit)
            {
                return [.. events.Take(index), new Finish(FinishReasons.Length)];
            }
        }

        return events;
    }

    private static int Tokens(SimEvent simEvent) => simEvent switch
    {
        ReasoningDelta reasoning => TokenCounter.Count(reasoning.Text),
        TextDelta text => TokenCounter.Count(text.Text),
        ToolCallFragment fragment => TokenCounter.Count(fragment.Name) + TokenCounter.Count(fragment.Arguments),
        _ => 0,
    };
}
