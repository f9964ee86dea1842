using Copilot.Testing;
using Copilot.Testing.Processes;

namespace Copilot.AppHost.Tests;

/// <summary>The built AppHost run as <c>./run.sh</c> runs it (<c>dotnet Copilot.AppHost.dll …</c>), its output kept.</summary>
internal static class AppHostProcess
{
    public static ProcessGroup Start(IReadOnlyList<string> arguments, LogBuffer logs)
    {
        var directory = Projects.Copilot_AppHost.ProjectPath;
        var assembly = Path.Combine(directory, "bin", ProjectLocator.BuildConfigurationOf(typeof(AppHostProcess).Assembly),
            ProjectLocator.TargetFramework, "Copilot.AppHost.dll");
        return ProcessGroup.Start(
            new ProcessSpec { FileName = DotnetHost.Path, Arguments = [assembly, .. arguments], WorkingDirectory = directory },
            (stream, line) => logs.Append(stream, line));
    }
}
