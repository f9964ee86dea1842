using System.Reflection;

namespace Copilot.Testing;

/// <summary>Finds the repository and the build output of its projects.</summary>
public static class ProjectLocator
{
    public const string SolutionFileName = "Copilot.sln";

    /// <summary>Services target the same framework as the tests (Directory.Build.props sets it for all).</summary>
    public static string TargetFramework => $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    /// <summary>Walks up from the running assembly, then from the current directory, to the folder holding the solution.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFileName} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; pass the repository root explicitly.");
    }

    /// <summary>
    /// The configuration (Debug/Release) the assembly was built with, from the attribute the SDK stamps on every
    /// assembly — services are launched from the same configuration's output as the caller.
    /// </summary>
    public static string BuildConfigurationOf(Assembly? assembly) =>
        assembly?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    /// <summary>
    /// Resolves a project given as a directory or a .csproj path relative to <paramref name="repositoryRoot"/>
    /// into its absolute directory and project name (the csproj's name, which is the assembly name).
    /// </summary>
    public static (string Directory, string ProjectName) Resolve(string repositoryRoot, string projectPath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(repositoryRoot, projectPath));
        if (fullPath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            return (Path.GetDirectoryName(fullPath)!, Path.GetFileNameWithoutExtension(fullPath));
        }

        var projectFile = Directory.Exists(fullPath) ? Directory.GetFiles(fullPath, "*.csproj").SingleOrDefault() : null;
        return (fullPath, projectFile is null ? Path.GetFileName(fullPath) : Path.GetFileNameWithoutExtension(projectFile));
    }

    public static string AssemblyPath(string projectDirectory, string projectName, string configuration) =>
        Path.Combine(projectDirectory, "bin", configuration, TargetFramework, projectName + ".dll");
}
