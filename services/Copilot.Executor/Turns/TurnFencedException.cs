namespace Copilot.Executor.Turns;

/// <summary>The turn was ended elsewhere (Stop, a watchdog, a newer turn): this executor must stop writing to it.</summary>
public sealed class TurnFencedException() : Exception("The turn is no longer running; output is fenced off.");
