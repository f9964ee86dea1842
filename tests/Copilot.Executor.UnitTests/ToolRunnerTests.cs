using System.Text.Json;
using System.Text.Json.Nodes;
using Copilot.Contracts;
using Copilot.Executor.Tools;
using Copilot.Executor.Tools.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.UnitTests;

public sealed class ToolRunnerTests
{
    private sealed class SlowTool : ICopilotTool
    {
        public string Name => "slow";

        public string Description => "Never finishes on its own.";

        public JsonObject ParametersSchema => new() { ["type"] = "object" };

        public async Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new ToolResult("unreachable");
        }
    }

    private sealed class ThrowingTool : ICopilotTool
    {
        public string Name => "broken";

        public string Description => "Always throws.";

        public JsonObject ParametersSchema => new() { ["type"] = "object" };

        public Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("disk on fire");
    }

    private sealed class CapturingLogger : ILogger<ToolRunner>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    private readonly CapturingLogger _logger = new();

    private ToolRunner Runner() => new(
        new ToolRegistry([new SlowTool(), new ThrowingTool()]),
        new ToolGates(Options.Create(new ToolOptions { Prerequisites = [] }), new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>()),
        _logger);

    private static ToolInvocation Call() => new(Guid.NewGuid(), Guid.NewGuid(), "u-1", "call-1", JsonSerializer.SerializeToElement(new { }));

    [Fact]
    public async Task A_tool_past_its_cap_becomes_an_error_result_and_a_grep_friendly_log_line()
    {
        var result = await Runner().RunAsync("slow", Call(), permissions: null, timeout: TimeSpan.FromMilliseconds(50), CancellationToken.None);

        result.IsError.Should().BeTrue();
        result.Output.Should().Contain("did not finish");
        _logger.Lines.Should().ContainSingle(line => line.StartsWith("TOOL_TIMEOUT tool=slow"));
    }

    [Fact]
    public async Task A_throwing_tool_becomes_an_error_result()
    {
        var result = await Runner().RunAsync("broken", Call(), permissions: null, timeout: null, CancellationToken.None);

        result.Should().Be(ToolResult.Error("Tool 'broken' failed: disk on fire"));
    }

    [Fact]
    public async Task A_denied_tool_is_not_available()
    {
        var denied = new CopilotPermissions(AllowAll: true, AllowedTools: [], DeniedTools: ["slow"]);

        var result = await Runner().RunAsync("slow", Call(), denied, timeout: null, CancellationToken.None);

        result.Output.Should().Be("Tool 'slow' is not available in this session.");
    }

    [Fact]
    public async Task Stopping_the_turn_cancels_the_tool_instead_of_reporting_a_timeout()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var run = () => Runner().RunAsync("slow", Call(), permissions: null, timeout: null, stop.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        _logger.Lines.Should().NotContain(line => line.StartsWith("TOOL_TIMEOUT"));
    }

    [Fact]
    public void A_gate_refusal_names_the_prerequisite_and_the_tool() =>
        ToolGates.Refusal("forget_memory", "search_memory").Should().StartWith("Call search_memory first, then retry forget_memory.");

    [Fact]
    public void Oversized_output_is_cut_for_the_model_with_the_way_to_read_the_rest()
    {
        var output = new string('x', ToolOutputCut.MaxChars + 10);

        var cut = ToolOutputCut.ForModel(output, "call_7");

        cut.Should().StartWith(new string('x', ToolOutputCut.MaxChars) + "\n[output truncated: 10 more characters; read them with read_tool_result(")
            .And.Contain("tool_call_id=\"call_7\", offset=100000");
        ToolOutputCut.ForModel("short", "call_7").Should().Be("short");
    }
}
