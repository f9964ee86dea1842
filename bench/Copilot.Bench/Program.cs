using Copilot.Bench;
using Copilot.Bench.Chaos;
using Copilot.Bench.Report;
using Copilot.Bench.Scenarios;
using Copilot.Bench.Target;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

var scenarios = new Dictionary<string, Func<BenchContext, CancellationToken, Task<ScenarioReport>>>(StringComparer.Ordinal)
{
    ["steady"] = SteadyScenario.RunAsync,
    ["burst"] = BurstScenario.RunAsync,
    ["idle"] = IdleStreamsScenario.RunAsync,
    ["resume"] = ResumeStormScenario.RunAsync,
    ["capacity"] = CapacityScenario.RunAsync,
};

// Every loop below is bounded in count; this bounds the whole run in time as well, and Ctrl+C stops it cleanly. A chaos
// run bounds its faults itself; the margin covers its start, winding down and observing.
using var run = new CancellationTokenSource(TimeSpan.FromMinutes(45) + options.Chaos.MaxDuration);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    run.Cancel();
};

var machine = MachineInfo.Capture();
var startedAt = DateTimeOffset.UtcNow;
var results = options.ResultsDirectory ?? Path.Combine(RepositoryRoot(), "bench", "results");
Directory.CreateDirectory(results);
Console.WriteLine($"Machine: {machine.Describe()}");
if (options.Scenarios.SequenceEqual([BenchOptions.ChaosScenario]))
{
    if (options.Gateway is not null)
    {
        Console.Error.WriteLine("The chaos scenario kills what it runs on: it starts a stack of its own and takes no --gateway.");
        return 2;
    }

    var loadAtStart = ScenarioSummary.ParseLoadAverage(MachineInfo.Capture().LoadAverage);
    var (chaos, timeline) = await ChaosScenario.RunAsync(options, run.Token);
    var chaosSummary = chaos.Summary(startedAt, loadAtStart);
    var chaosMarkdown = chaos.ToMarkdown(chaosSummary).ToMarkdown(machine, $"own stack (CopilotStack on restartable infrastructure); timeline {timeline}", startedAt);
    var chaosStem = Path.Combine(results, $"{startedAt:yyyy-MM-dd}-chaos-{options.Chaos.Seed}");
    await File.WriteAllTextAsync($"{chaosStem}.md", chaosMarkdown, CancellationToken.None);
    await File.WriteAllTextAsync($"{chaosStem}.json", chaosSummary.ToJson() + "\n", CancellationToken.None);
    Console.WriteLine();
    Console.WriteLine(chaosMarkdown);
    Console.WriteLine($"(written to {chaosStem}.md and {chaosStem}.json)");
    return chaos.Violations == 0 ? 0 : 1;
}

Console.WriteLine(options.Gateway is null ? "Starting the platform's services…" : $"Measuring the platform at {options.Gateway}");

await using var target = options.Gateway is null ? await BenchTarget.StartAsync(options) : BenchTarget.Connect(options);
var context = new BenchContext(options, target);
var exitCode = 0;
foreach (var name in options.Scenarios)
{
    try
    {
        // Per scenario, not per run: an earlier scenario (or other work) changes the load the next one starts under.
        var loadAtStart = ScenarioSummary.ParseLoadAverage(MachineInfo.Capture().LoadAverage);
        var report = await scenarios[name](context, run.Token);
        var markdown = report.ToMarkdown(machine, target.Description, startedAt);
        var stem = Path.Combine(results, $"{startedAt:yyyy-MM-dd}-{name}");
        await File.WriteAllTextAsync($"{stem}.md", markdown, CancellationToken.None);
        var summary = report.Summary with { Scenario = name, Date = startedAt, LoadAverageAtStart = loadAtStart };
        await File.WriteAllTextAsync($"{stem}.json", summary.ToJson() + "\n", CancellationToken.None);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"(written to {stem}.md and {stem}.json)");
    }
    catch (Exception exception) when (exception is not OperationCanceledException || !run.IsCancellationRequested)
    {
        Console.Error.WriteLine($"Scenario {name} failed: {exception}");
        exitCode = 1;
    }
}

return run.IsCancellationRequested ? 130 : exitCode;

// The AppHost's project directory, recorded at build time, is AppHost/Copilot.AppHost under the repository's root.
static string RepositoryRoot()
{
    var appHost = Projects.Copilot_AppHost.ProjectPath;
    var directory = appHost.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) ? Path.GetDirectoryName(appHost)! : appHost;
    return Path.GetFullPath(Path.Combine(directory, "..", ".."));
}
