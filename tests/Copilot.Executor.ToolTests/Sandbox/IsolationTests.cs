using System.Net;
using System.Net.Sockets;
using Copilot.Testing;

namespace Copilot.Executor.ToolTests.Sandbox;

public sealed class IsolationTests : IDisposable
{
    private readonly SandboxHarness _harness = new();
    private readonly Guid _session = Guid.NewGuid();

    [Theory]
    [InlineData("/usr/sandbox-probe")]
    [InlineData("/usr/local/bin/sandbox-probe")]
    [InlineData("/etc/sandbox-probe")]
    [InlineData("/sandbox-probe")]
    [InlineData("/dev/sandbox-probe")]
    public async Task The_system_is_read_only(string path)
    {
        var result = await SandboxHarness.RunAsync(_harness.Tool(), $"mkdir -p '{Path.GetDirectoryName(path)}' && echo x > '{path}' && echo wrote", _session);

        result.Stdout.Should().NotContain("wrote");
        result.ExitCode.Should().NotBe(0);
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task Host_folders_are_out_of_reach()
    {
        // The repository may sit under /tmp, which inside is the sandbox's own tmpfs: whatever a write does there,
        // it must not reach the host's folder.
        var path = Path.Combine(ProjectLocator.FindRepositoryRoot(), $"sandbox-probe-{Guid.NewGuid():N}");

        var result = await SandboxHarness.RunAsync(_harness.Tool(), $"ls '{Path.GetDirectoryName(path)}'; mkdir -p '{Path.GetDirectoryName(path)}'; echo x > '{path}'", _session);

        result.Stdout.Should().NotContain(ProjectLocator.SolutionFileName, "the host's files are not visible");
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task The_sandbox_has_no_network()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await SandboxHarness.RunAsync(_harness.Tool(), $"exec 3<>/dev/tcp/127.0.0.1/{port} && echo connected", _session, timeout: 20);

        result.Stdout.Should().NotContain("connected");
        result.ExitCode.Should().NotBe(0);
        listener.Pending().Should().BeFalse("no connection may reach the host's loopback");
    }

    [Fact]
    public async Task The_executor_environment_is_not_visible_inside()
    {
        const string secret = "COPILOT_SANDBOX_TEST_SECRET";
        Environment.SetEnvironmentVariable(secret, "hunter2");
        try
        {
            var result = await SandboxHarness.RunAsync(_harness.Tool(), "env | sort", _session);

            result.Stdout.Should().NotContain(secret).And.NotContain("hunter2");
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith('_') && !line.StartsWith("SHLVL=") && !line.StartsWith("PWD="))
                .Should().BeEquivalentTo("HOME=/workspace", "LANG=C.UTF-8", "PATH=/usr/local/bin:/usr/bin:/bin");
        }
        finally
        {
            Environment.SetEnvironmentVariable(secret, null);
        }
    }

    [Fact]
    public async Task Commands_run_as_an_unprivileged_user_without_capabilities()
    {
        var result = await SandboxHarness.RunAsync(_harness.Tool(), "id -u; grep CapEff /proc/self/status; unshare --user true || echo no-namespaces", _session);

        result.Stdout.Should().Be("1000\nCapEff:\t0000000000000000\nno-namespaces\n");
    }

    [Fact]
    public async Task Workspace_files_persist_within_a_session_and_are_invisible_to_other_sessions_and_users()
    {
        var tool = _harness.Tool();
        var scratch = $"/tmp/scratch-{Guid.NewGuid():N}.txt";
        await SandboxHarness.RunAsync(tool, $"echo kept > note.txt; echo gone > {scratch}", _session);

        var sameSession = await SandboxHarness.RunAsync(tool, $"pwd; cat note.txt; cat {scratch}", _session);
        var otherSession = await SandboxHarness.RunAsync(tool, "ls -A; cat note.txt", Guid.NewGuid());
        var otherUser = await SandboxHarness.RunAsync(tool, "ls -A; cat note.txt", _session, user: "mallory");

        sameSession.Stdout.Should().Be("/workspace\nkept\n", "the workspace persists while /tmp is private to each call");
        otherSession.Stdout.Should().BeEmpty();
        otherSession.ExitCode.Should().NotBe(0);
        otherUser.Stdout.Should().BeEmpty();
        otherUser.ExitCode.Should().NotBe(0);
        Directory.EnumerateFiles(_harness.Root, "note.txt", SearchOption.AllDirectories).Should().ContainSingle();
        File.Exists(scratch).Should().BeFalse("the sandbox's /tmp is its own");
    }

    public void Dispose() => _harness.Dispose();
}
