namespace Copilot.Testing.Processes;

/// <summary>What to launch. Immutable, so a restart launches exactly the same process again.</summary>
public sealed record ProcessSpec
{
    public required string FileName { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    /// <summary>Applied on top of the inherited environment; a null value removes an inherited variable.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables { get; init; } = new Dictionary<string, string?>();

    /// <summary>Signal that asks the process to shut down gracefully.</summary>
    public UnixSignal StopSignal { get; init; } = UnixSignal.Terminate;

    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}
