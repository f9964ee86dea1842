using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Copilot.Deploy.Tests;

/// <summary>
/// The Kubernetes manifests hold everything the AppHost declares: a project, a reference or a setting added to the
/// AppHost without its manifest counterpart fails here.
/// </summary>
public sealed class ManifestModelTests
{
    public static TheoryData<string> Projects => new(ApplicationModel.Projects.Select(project => project.Name));

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_project_has_a_deployment_and_a_service_that_selects_its_pods(string project)
    {
        var deployment = Manifests.All.Find("Deployment", project);
        var service = Manifests.All.Find("Service", project);

        deployment.Should().NotBeNull($"deploy/k8s needs a Deployment named {project}");
        service.Should().NotBeNull($"deploy/k8s needs a Service named {project} (its services__{project}__http__0 address)");
        var podLabels = deployment!.Root.Map("spec", "template", "metadata", "labels");
        service!.Root.Map("spec", "selector").Should().NotBeEmpty().And.Subject.Should().BeSubsetOf(podLabels);
        service.Root.Items("spec", "ports").Should().ContainSingle(port => port.Scalar("port") == "80" && port.Scalar("targetPort") == "http");
        Container(project).Items("ports").Should().ContainSingle(port => port.Scalar("name") == "http" && port.Scalar("containerPort") == "8080");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_variable_the_AppHost_wires_into_a_project_is_set_in_its_deployment(string project)
    {
        var expected = ApplicationModel.VariablesOf(ApplicationModel.Project(project));

        var actual = EnvironmentOf(project);

        expected.Except(actual).Should().BeEmpty($"the AppHost gives {project} these variables, so its Deployment must set them too");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_configuration_and_secret_key_a_deployment_reads_is_defined(string project)
    {
        var configuration = Manifests.All.Find("ConfigMap", "copilot-config")!.Root.Map("data");
        var secret = SecretTemplate().Map("stringData");

        foreach (var variable in Container(project).Items("env"))
        {
            if (variable.Scalar("valueFrom", "configMapKeyRef", "key") is { } configurationKey)
            {
                variable.Scalar("valueFrom", "configMapKeyRef", "name").Should().Be("copilot-config");
                configuration.Should().ContainKey(configurationKey);
            }

            if (variable.Scalar("valueFrom", "secretKeyRef", "key") is { } secretKey)
            {
                variable.Scalar("valueFrom", "secretKeyRef", "name").Should().Be("copilot-secrets");
                secret.Should().ContainKey(secretKey, "secret.template.yaml documents every secret a service reads");
            }
        }
    }

    [Fact]
    public void Every_service_discovery_entry_points_at_the_referenced_projects_service()
    {
        var entries = Manifests.All.Find("ConfigMap", "copilot-config")!.Root.Map("data")
            .Where(entry => entry.Key.StartsWith("services__", StringComparison.Ordinal))
            .ToList();

        entries.Should().NotBeEmpty();
        foreach (var (key, value) in entries)
        {
            var target = key.Split("__")[1];
            value.Should().Be($"http://{target}");
            Manifests.All.Find("Service", target).Should().NotBeNull($"{key} points at the Service {target}");
        }
    }

    [Fact]
    public void Every_connection_string_the_model_references_is_in_the_secret_template()
    {
        var connectionStrings = ApplicationModel.Projects
            .SelectMany(project => project.Variables.Keys)
            .Where(name => name.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
            .ToHashSet();

        connectionStrings.Should().BeEquivalentTo(["ConnectionStrings__redis", "ConnectionStrings__rabbitmq", "ConnectionStrings__chat", "ConnectionStrings__billing"]);
        SecretTemplate().Map("stringData").Keys.Should().Contain(connectionStrings);
    }

    [Fact]
    public void A_scaled_project_keeps_at_least_its_replicas_and_the_executor_autoscales_from_there()
    {
        foreach (var project in ApplicationModel.Projects)
        {
            int.Parse(Manifests.All.Find("Deployment", project.Name)!.Root.Scalar("spec", "replicas") ?? "1")
                .Should().BeGreaterThanOrEqualTo(project.Replicas, $"{project.Name} runs {project.Replicas} replicas under the AppHost");
        }

        var autoscaler = Manifests.All.OfKind("HorizontalPodAutoscaler")
            .Single(candidate => candidate.Root.Scalar("spec", "scaleTargetRef", "name") == "copilot-executor");
        autoscaler.Root.Scalar("spec", "scaleTargetRef", "kind").Should().Be("Deployment");
        int.Parse(autoscaler.Root.Scalar("spec", "minReplicas")!).Should().BeGreaterThanOrEqualTo(ApplicationModel.Project("copilot-executor").Replicas);
        int.Parse(autoscaler.Root.Scalar("spec", "maxReplicas")!).Should().BeGreaterThan(int.Parse(autoscaler.Root.Scalar("spec", "minReplicas")!));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_deployment_probes_health_bounds_resources_and_runs_as_non_root(string project)
    {
        var container = Container(project);
        var pod = Manifests.All.Find("Deployment", project)!.Root.Node("spec", "template", "spec")!;

        container.Scalar("readinessProbe", "httpGet", "path").Should().Be("/health");
        container.Scalar("livenessProbe", "httpGet", "path").Should().Be("/alive");
        foreach (var bound in new[] { "requests", "limits" })
        {
            container.Map("resources", bound).Keys.Should().Contain(["cpu", "memory"], $"{project} needs resource {bound}");
        }

        pod.Scalar("securityContext", "runAsNonRoot").Should().Be("true");
        container.Scalar("securityContext", "allowPrivilegeEscalation").Should().Be("false");
        container.Scalar("image").Should().StartWith($"copilot/{project}:");
    }

    [Fact]
    public void The_gateway_ingress_passes_streams_through_unbuffered_and_keeps_them_open()
    {
        var ingress = Manifests.All.OfKind("Ingress").Should().ContainSingle().Subject;
        var annotations = ingress.Root.Map("metadata", "annotations");
        var backends = ingress.Root.Items("spec", "rules").SelectMany(rule => rule.Items("http", "paths"))
            .Select(path => path.Scalar("backend", "service", "name")).ToList();

        backends.Should().NotBeEmpty().And.OnlyContain(name => name == "gateway", "the gateway is the only public entry");
        annotations["nginx.ingress.kubernetes.io/proxy-buffering"].Should().Be("off");
        int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]).Should().BeGreaterThanOrEqualTo(900,
            "a turn may run for minutes; the gateway itself allows chat streams 15 min of inactivity");
        int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]).Should().BeGreaterThanOrEqualTo(900);
        NginxSize(annotations["nginx.ingress.kubernetes.io/proxy-body-size"]).Should().BeGreaterThanOrEqualTo(GatewayBodyLimits().Max(),
            "the ingress must not refuse a body the gateway accepts (workspace uploads have their own, larger route limit)");
    }

    [Fact]
    public void The_kustomization_applies_every_manifest_except_the_secret_template()
    {
        var kustomization = new YamlStream();
        kustomization.Load(new StringReader(File.ReadAllText(Path.Combine(Manifests.Directory, "kustomization.yaml"))));
        var listed = kustomization.Documents[0].RootNode.Items("resources").Select(item => ((YamlScalarNode)item).Value).ToList();

        var manifests = Directory.GetFiles(Manifests.Directory, "*.yaml").Select(Path.GetFileName)
            .Where(file => file is not ("kustomization.yaml" or "secret.template.yaml"));
        listed.Should().BeEquivalentTo(manifests);
        kustomization.Documents[0].RootNode.Items("images").Select(image => image.Scalar("name"))
            .Should().BeEquivalentTo(ApplicationModel.Projects.Select(project => $"copilot/{project.Name}"));
    }

    /// <summary>The gateway's body limits: the default (<c>RequestLimits:MaxBodyBytes</c>, 1 MiB) and every route's own.</summary>
    private static IEnumerable<long> GatewayBodyLimits()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Manifests.RepositoryRoot, "gateway", "Copilot.Gateway", "appsettings.json")));
        var routes = settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject()
            .Where(route => route.Value.TryGetProperty("MaxRequestBodySize", out _))
            .Select(route => route.Value.GetProperty("MaxRequestBodySize").GetInt64());
        return [Microsoft.Extensions.Hosting.Extensions.DefaultMaxRequestBodyBytes, .. routes];
    }

    /// <summary>nginx sizes: bytes, or with k/m/g suffixes in powers of 1024.</summary>
    private static long NginxSize(string size) => char.ToLowerInvariant(size[^1]) switch
    {
        'k' => long.Parse(size[..^1]) * 1024,
        'm' => long.Parse(size[..^1]) * 1024 * 1024,
        'g' => long.Parse(size[..^1]) * 1024 * 1024 * 1024,
        _ => long.Parse(size),
    };

    private static YamlNode Container(string project) =>
        Manifests.All.Find("Deployment", project)!.Root.Items("spec", "template", "spec", "containers").First();

    /// <summary>Names set directly, plus every key of a ConfigMap or Secret pulled in whole with <c>envFrom</c>.</summary>
    private static HashSet<string> EnvironmentOf(string project)
    {
        var container = Container(project);
        var names = container.Items("env").Select(variable => variable.Scalar("name")!).ToHashSet(StringComparer.Ordinal);
        foreach (var source in container.Items("envFrom"))
        {
            if (source.Scalar("configMapRef", "name") is { } configMap)
            {
                names.UnionWith(Manifests.All.Find("ConfigMap", configMap)!.Root.Map("data").Keys);
            }

            if (source.Scalar("secretRef", "name") is "copilot-secrets")
            {
                names.UnionWith(SecretTemplate().Map("stringData").Keys);
            }
        }

        return names;
    }

    private static YamlMappingNode SecretTemplate()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Manifests.Directory, "secret.template.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
