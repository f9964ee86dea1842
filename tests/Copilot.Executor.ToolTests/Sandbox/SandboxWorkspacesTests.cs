using Copilot.Executor.Tools.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Copilot.Executor.ToolTests.Sandbox;

/// <summary>Session folders on a real file system, aged on a fake clock.</summary>
public sealed class SandboxWorkspacesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("copilot-sandbox-sweep-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly SandboxWorkspaces _workspaces;

    public SandboxWorkspacesTests() =>
        _workspaces = new SandboxWorkspaces(
            Options.Create(new SandboxOptions { Root = _root, IdleRetention = TimeSpan.FromDays(7) }), _time, NullLogger<SandboxWorkspaces>.Instance);

    [Fact]
    public void Removing_a_deleted_sessions_folder_takes_its_files_and_leaves_other_sessions_alone()
    {
        var deleted = Guid.NewGuid();
        var kept = Guid.NewGuid();
        File.WriteAllText(Path.Combine(_workspaces.Use("alice", deleted), "notes.txt"), "x");
        var keptFolder = _workspaces.Use("alice", kept);

        _workspaces.Remove("alice", deleted).Should().BeTrue();

        Directory.EnumerateDirectories(_root, $"s-{deleted:N}", SearchOption.AllDirectories).Should().BeEmpty();
        Directory.Exists(keptFolder).Should().BeTrue();
        _workspaces.Remove("alice", deleted).Should().BeFalse("a second notice finds nothing to remove");
    }

    [Fact]
    public void The_sweep_removes_folders_idle_past_the_retention_and_user_folders_left_empty()
    {
        var idle = _workspaces.Use("alice", Guid.NewGuid());
        _time.Advance(TimeSpan.FromDays(6));
        var recent = _workspaces.Use("bob", Guid.NewGuid());
        _time.Advance(TimeSpan.FromDays(2));

        var removed = _workspaces.RemoveIdle();

        removed.Should().Be(1);
        Directory.Exists(idle).Should().BeFalse();
        Directory.Exists(Path.GetDirectoryName(idle)).Should().BeFalse("alice has no session folder left");
        Directory.Exists(recent).Should().BeTrue("bob used his six days after alice, within the retention");
    }

    [Fact]
    public void Using_a_folder_again_restarts_its_idle_time()
    {
        var session = Guid.NewGuid();
        var folder = _workspaces.Use("alice", session);
        _time.Advance(TimeSpan.FromDays(6));
        _workspaces.Use("alice", session);
        _time.Advance(TimeSpan.FromDays(6));

        _workspaces.RemoveIdle().Should().Be(0);
        Directory.Exists(folder).Should().BeTrue();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
