namespace Copilot.Hosting.Resources;

/// <summary>Any executable (Aspire's <c>AddExecutable</c>); healthy as soon as it runs, since it has no probe.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory, IReadOnlyList<string> arguments)
    : ProcessResource(name)
{
    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;

    public IReadOnlyList<string> Arguments { get; } = arguments;
}
