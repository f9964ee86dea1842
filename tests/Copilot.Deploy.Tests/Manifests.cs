using YamlDotNet.RepresentationModel;

namespace Copilot.Deploy.Tests;

/// <summary>Every Kubernetes object under <c>deploy/k8s</c>, parsed, with the file it came from.</summary>
public sealed class Manifests
{
    /// <summary>Two folders above the AppHost's project folder (AppHost/Copilot.AppHost), which Aspire's metadata names.</summary>
    public static readonly string RepositoryRoot = Path.GetFullPath(Path.Combine(Projects.Copilot_AppHost.ProjectPath, "..", ".."));
    public static readonly string Directory = Path.Combine(RepositoryRoot, "deploy", "k8s");
    public static readonly Manifests All = Load();

    private Manifests(IReadOnlyList<KubernetesObject> objects) => Objects = objects;

    public IReadOnlyList<KubernetesObject> Objects { get; }

    public KubernetesObject? Find(string kind, string name) =>
        Objects.SingleOrDefault(candidate => candidate.Kind == kind && candidate.Name == name);

    public IEnumerable<KubernetesObject> OfKind(string kind) => Objects.Where(candidate => candidate.Kind == kind);

    private static Manifests Load()
    {
        var objects = new List<KubernetesObject>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            objects.AddRange(stream.Documents
                .Select(document => document.RootNode)
                .OfType<YamlMappingNode>()
                .Select(root => new KubernetesObject(Path.GetFileName(file), root)));
        }

        return new Manifests(objects);
    }
}

/// <param name="File">The manifest's file name, e.g. <c>chat-api.yaml</c>.</param>
public sealed record KubernetesObject(string File, YamlMappingNode Root)
{
    public string? Kind => Root.Scalar("kind");

    public string? Name => Root.Node("metadata")?.Scalar("name");
}

/// <summary>Small lookups over YamlDotNet's representation model; a missing path is null, never an exception.</summary>
public static class YamlPaths
{
    public static YamlNode? Node(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string? Scalar(this YamlNode node, params string[] path) => (node.Node(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.Node(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IReadOnlyDictionary<string, string> Map(this YamlNode node, params string[] path) =>
        node.Node(path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => (pair.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();
}
