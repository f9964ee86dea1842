namespace Copilot.Chat.Turns;

/// <summary>The model tiers a turn may ask for; the executor maps each to a configured model.</summary>
public static class ModelTiers
{
    public const string Standard = "standard";
    public const string Advanced = "advanced";

    public static bool IsValid(string? tier) => tier is null or Standard or Advanced;
}
