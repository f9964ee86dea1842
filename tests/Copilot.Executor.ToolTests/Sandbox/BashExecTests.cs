using System.Diagnostics;
using Copilot.Testing;

namespace Copilot.Executor.ToolTests.Sandbox;

public sealed class BashExecTests : IDisposable
{
    private readonly SandboxHarness _harness = new();
    private readonly Guid _session = Guid.NewGuid();

    [Fact]
    public async Task A_command_runs_and_its_output_and_status_come_back()
    {
        var result = await SandboxHarness.RunAsync(_harness.Tool(), "echo hello world", _session);

        result.Should().Be(new BashResult("Command executed with status code 0", "hello world\n", "", 0, false));
    }

    [Fact]
    public async Task A_failing_command_reports_its_exit_code_and_stderr()
    {
        var result = await SandboxHarness.RunAsync(_harness.Tool(), "echo partial; echo oops >&2; exit 3", _session);

        result.Should().Be(new BashResult("Command executed with status code 3", "partial\n", "oops\n", 3, false));
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_killed_and_reported_as_timed_out()
    {
        var marker = UniqueSleep();
        var clock = Stopwatch.StartNew();

        var result = await SandboxHarness.RunAsync(_harness.Tool(), $"echo before; sleep {marker}", _session, timeout: 1);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        result.Should().Be(new BashResult("Execution timed out", "before\n", "", -1, true));
        ProcessTable.WithCommandLineContaining(marker).Should().BeEmpty("the whole sandbox is killed, not just bubblewrap");
    }

    [Fact]
    public async Task Cancelling_the_call_kills_the_command_at_once()
    {
        var marker = UniqueSleep();
        using var stop = new CancellationTokenSource();
        var call = SandboxHarness.CallAsync(_harness.Tool(), new { command = $"sleep {marker}" }, _session, cancellationToken: stop.Token);
        await Eventually.TrueAsync(() => ProcessTable.WithCommandLineContaining($"sleep {marker}").Count > 0, TimeSpan.FromSeconds(15), "the sleep to run");

        var clock = Stopwatch.StartNew();
        await stop.CancelAsync();
        var cancelled = async () => await call;

        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        ProcessTable.WithCommandLineContaining(marker).Should().BeEmpty();
    }

    [Fact]
    public async Task Background_processes_do_not_outlive_the_command()
    {
        var marker = UniqueSleep();

        var result = await SandboxHarness.RunAsync(_harness.Tool(), $"sleep {marker} & echo started", _session);

        result.Stdout.Should().Be("started\n");
        await Eventually.TrueAsync(() => ProcessTable.WithCommandLineContaining(marker).Count == 0, TimeSpan.FromSeconds(15), "the sleep to be gone");
    }

    [Fact]
    public async Task The_output_is_capped_and_says_how_much_was_cut()
    {
        var tool = _harness.Tool(options => options.MaxOutputBytes = 1024);

        var result = await SandboxHarness.RunAsync(tool, "head -c 5000 /dev/zero | tr '\\0' a; head -c 3000 /dev/zero | tr '\\0' b >&2", _session);

        result.Stdout.Should().Be(new string('a', 1024) + "\n[output truncated: 3976 more bytes]");
        result.Stderr.Should().Be(new string('b', 1024) + "\n[output truncated: 1976 more bytes]");
    }

    [Fact]
    public async Task A_command_reading_stdin_gets_end_of_file_instead_of_hanging()
    {
        var result = await SandboxHarness.RunAsync(_harness.Tool(), "cat; echo done", _session, timeout: 20);

        result.Should().Be(new BashResult("Command executed with status code 0", "done\n", "", 0, false));
    }

    [Theory]
    [InlineData(-5)]
    [InlineData("soon")]
    public async Task A_bad_timeout_is_an_error_result(object timeout)
    {
        var result = await SandboxHarness.CallAsync(_harness.Tool(), new { command = "echo hi", timeout }, _session);

        result.IsError.Should().BeTrue();
        result.Output.Should().Contain("timeout");
    }

    [Fact]
    public async Task A_missing_command_is_an_error_result()
    {
        var result = await SandboxHarness.CallAsync(_harness.Tool(), new { timeout = 5 }, _session);

        result.IsError.Should().BeTrue();
        result.Output.Should().Contain("command");
    }

    [Theory]
    [InlineData(false, "/nonexistent/bwrap", "Executor:Sandbox:Enabled=false")]
    [InlineData(true, "/nonexistent/bwrap", "bubblewrap was not found at /nonexistent/bwrap")]
    [InlineData(true, "/usr/bin/false", "start-up check failed")]
    public async Task Without_a_working_sandbox_the_tool_refuses_and_runs_nothing(bool enabled, string bubblewrap, string reason)
    {
        var tool = _harness.Tool(options =>
        {
            options.Enabled = enabled;
            options.BubblewrapPath = bubblewrap;
        });

        var result = await SandboxHarness.CallAsync(tool, new { command = "touch ran" }, _session);

        result.IsError.Should().BeTrue();
        result.Output.Should().StartWith("bash_exec is disabled: no sandbox is available").And.Contain(reason);
        Directory.EnumerateFiles(_harness.Root, "ran", SearchOption.AllDirectories).Should().BeEmpty();
    }

    public void Dispose() => _harness.Dispose();

    /// <summary>A sleep whose argument is unique to this test, so /proc shows exactly our processes.</summary>
    internal static string UniqueSleep() => $"30.{Random.Shared.Next(100_000, 999_999)}";
}
