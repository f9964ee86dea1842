using System.Text;

namespace Copilot.LlmSim.Scenarios;

/// <summary>Filler text that is the same for the same length, so long answers stay deterministic.</summary>
public static class LoremText
{
    private const int WordsPerSentence = 12;

    private static readonly string[] Words =
    [
        "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
        "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim",
        "ad", "minim", "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip",
    ];

    /// <summary><paramref name="wordCount"/> words after the label, in sentences of twelve.</summary>
    public static string Generate(int wordCount)
    {
        var text = new StringBuilder(ScenarioEngine.SimulatedLabel);
        for (var index = 0; index < wordCount; index++)
        {
            // A stride coprime with the list length walks every word before repeating, so text does not look periodic early.
            var word = Words[index * 7 % Words.Length];
            var startsSentence = index % WordsPerSentence == 0;
            var endsSentence = index % WordsPerSentence == WordsPerSentence - 1 || index == wordCount - 1;
            text.Append(' ')
                .Append(startsSentence ? char.ToUpperInvariant(word[0]) + word[1..] : word)
                .Append(endsSentence ? "." : "");
        }

        return text.ToString();
    }
}
