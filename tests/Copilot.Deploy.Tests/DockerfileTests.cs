using System.Text.RegularExpressions;
using System.Xml.Linq;
using Copilot.Testing;

namespace Copilot.Deploy.Tests;

/// <summary>Each project the AppHost runs has an image recipe that restores, publishes and starts that very project.</summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Projects => ManifestModelTests.Projects;

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_project_has_a_multi_stage_dockerfile_from_the_sdk_to_the_aspnet_runtime_as_a_non_root_user(string name)
    {
        var project = ApplicationModel.Project(name);
        var dockerfile = Dockerfile(name);

        var stages = FromLine().Matches(dockerfile).Select(match => match.Groups["image"].Value).ToList();
        stages.Should().Contain(image => image.StartsWith("mcr.microsoft.com/dotnet/sdk:", StringComparison.Ordinal));
        stages[^1].Should().StartWith("mcr.microsoft.com/dotnet/aspnet:", "the final image carries only the runtime");
        dockerfile.Should().Contain("USER $APP_UID");
        dockerfile.Should().Contain($"dotnet publish {ProjectFile(project)}");
        dockerfile.Should().Contain($"ENTRYPOINT [\"dotnet\", \"{project.ProjectName}.dll\"]");
        dockerfile.Should().Contain("EXPOSE 8080");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_restore_layer_copies_every_project_file_the_project_depends_on(string name)
    {
        var project = ApplicationModel.Project(name);
        var dockerfile = Dockerfile(name);

        var copied = CopyLine().Matches(dockerfile)
            .SelectMany(match => match.Groups["path"].Captures.Select(capture => capture.Value))
            .ToHashSet(StringComparer.Ordinal);

        copied.Should().Contain(ProjectClosure(Path.Combine(project.ProjectDirectory, project.ProjectName + ".csproj")),
            "restore runs before the sources are copied, so every referenced project file must already be there");
        copied.Should().Contain(["global.json", "Directory.Build.props", "Directory.Packages.props"]);
    }

    [Fact]
    public void The_executor_image_installs_bubblewrap_as_root_in_its_runtime_stage()
    {
        var dockerfile = Dockerfile("copilot-executor");
        var runtime = dockerfile[FromLine().Matches(dockerfile)[^1].Index..];

        var install = InstallBubblewrap().Match(runtime);

        install.Success.Should().BeTrue("bash_exec runs every command under /usr/bin/bwrap, which the aspnet image lacks");
        install.Index.Should().BeLessThan(runtime.IndexOf("USER $APP_UID", StringComparison.Ordinal), "installing needs root");
    }

    private static string Dockerfile(string name)
    {
        var path = Path.Combine(Manifests.RepositoryRoot, "deploy", "docker", $"{name}.Dockerfile");
        File.Exists(path).Should().BeTrue($"deploy/docker/{name}.Dockerfile builds the {name} image");
        return File.ReadAllText(path);
    }

    private static string ProjectFile(DeclaredProject project) =>
        Path.GetRelativePath(Manifests.RepositoryRoot, Path.Combine(project.ProjectDirectory, project.ProjectName + ".csproj")).Replace('\\', '/');

    /// <summary>The project file and, transitively, every project it references, relative to the repository root.</summary>
    private static IEnumerable<string> ProjectClosure(string projectFile)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectFile)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include)));
            }
        }

        return seen.Select(path => Path.GetRelativePath(Manifests.RepositoryRoot, path).Replace('\\', '/'));
    }

    [GeneratedRegex(@"^FROM\s+(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"apt-get install [^\n]*\bbubblewrap\b")]
    private static partial Regex InstallBubblewrap();

    /// <summary>A <c>COPY src… dest</c> from the build context (not <c>--from=</c> another stage): the sources.</summary>
    [GeneratedRegex(@"^COPY\s+(?:(?<path>[^\s-]\S*)\s+)+\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();
}
