namespace Copilot.Contracts;

/// <summary>How much a turn reasons: the <c>mode</c> of a chat message, carried to the executor on <see cref="RunCopilotTurn"/>.</summary>
public static class TurnModes
{
    /// <summary>Answer without extended reasoning.</summary>
    public const string Fast = "fast";

    /// <summary>Reason first, with the deployment's extended budget.</summary>
    public const string ExtendedThinking = "extended_thinking";

    /// <summary>Null means the deployment's default.</summary>
    public static bool IsValid(string? mode) => mode is null or Fast or ExtendedThinking;

    public const string Invalid = "mode must be 'fast' or 'extended_thinking'.";
}
