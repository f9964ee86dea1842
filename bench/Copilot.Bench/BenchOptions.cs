using System.Globalization;
using Copilot.Bench.Chaos;

namespace Copilot.Bench;

/// <summary>Command-line options; every size and duration has a default that keeps the whole run to a few minutes.</summary>
public sealed class BenchOptions
{
    public static readonly string[] AllScenarios = ["steady", "burst", "idle", "resume", "capacity"];

    /// <summary>Not part of <c>all</c>: it starts a stack of its own to break, and runs alone.</summary>
    public const string ChaosScenario = "chaos";

    public IReadOnlyList<string> Scenarios { get; private set; } = AllScenarios;

    public ChaosOptions Chaos { get; private set; } = new();

    /// <summary>An already running platform (e.g. <c>./run.sh</c>) instead of a stack of our own.</summary>
    public Uri? Gateway { get; private set; }

    /// <summary>The simulator of that platform, for the direct-call baseline; found next to the gateway when not given.</summary>
    public Uri? Simulator { get; private set; }

    public int Executors { get; private set; } = 2;

    public int TurnsPerExecutor { get; private set; } = 128;

    /// <summary>Distinct users turns are spread over (usage admission reserves budget per user).</summary>
    public int Users { get; private set; } = 50;

    /// <summary>About 1.7 s a turn: at the default 20 new turns/s that keeps ~34 streams open, inside the concurrency
    /// cap of 50 — a longer turn would make the offered rate unreachable by arithmetic, not by the platform.</summary>
    public TurnShape Shape { get; private set; } = new(Words: 40, TimeToFirstTokenMs: 100, InterTokenDelayMs: 40);

    public double Rate { get; private set; } = 20;

    public int Concurrency { get; private set; } = 50;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BaselineDuration { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>Turns of the steady scenario's "one at a time" phase that are measured.</summary>
    public int SequentialTurns { get; private set; } = 20;

    /// <summary>Turns run one at a time and discarded just before those, so the phase measures a warmed-up path.</summary>
    public int SequentialWarmUp { get; private set; } = 10;

    public double StartRate { get; private set; } = 10;

    public double RateStep { get; private set; } = 10;

    /// <summary>The capacity scenario stops here even if the platform still keeps up, so a run stays bounded.</summary>
    public double MaxRate { get; private set; } = 120;

    public TimeSpan StepDuration { get; private set; } = TimeSpan.FromSeconds(15);

    public int Burst { get; private set; } = 200;

    public int IdleStreams { get; private set; } = 10_000;

    public int IdleSessions { get; private set; } = 10;

    public TimeSpan IdleHold { get; private set; } = TimeSpan.FromSeconds(30);

    public int ResumeTurns { get; private set; } = 50;

    public int ResumeStorms { get; private set; } = 2;

    public string? ResultsDirectory { get; private set; }

    public bool ShowHelp { get; private set; }

    public const string Usage = """
        Copilot.Bench — latency taxes, throughput and capacity of the platform against the LLM simulator.

          --scenario all|steady,burst,idle,resume,capacity   scenarios to run (default all)
          --scenario chaos                           the chaos soak, alone, on a stack of its own (never --gateway):
                   --faults N (20) --seed S (random, printed) --fault-gap-ms N (1500, mean) --chaos-users N (8)
                   --chaos-minutes N (30, faults not injected by then are dropped)
          --gateway URL [--sim URL]                  measure a running platform (e.g. ./run.sh) instead of starting one;
                                                     its simulator is found under the gateway's DCP
          --executors N (2)  --turns-per-executor N (128)   own stack only
          --users N (50)                             users the turns are spread over
          --words N (40) --ttft-ms N (100) --delay-ms N (40)   every turn: [sim:long=N][sim:ttft=..][sim:delay=..]
          steady:  --rate N (20/s) --concurrency N (50) --duration S (30) --baseline-duration S (10)
                   --sequential-turns N (20) --sequential-warm-up N (10)   the "one at a time" phase, after N discarded turns
          capacity: --start-rate N (10/s) --rate-step N (10/s) --max-rate N (120/s) --step-duration S (15)
          burst:   --burst N (200)
          idle:    --idle-streams N (10000) --idle-sessions N (10) --idle-hold S (30)
          resume:  --resume-turns N (50) --resume-storms N (2)
          --results DIR                              where <date>-<scenario>.md and .json go (default bench/results)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                options.ShowHelp = true;
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options.Apply(name, value);
        }

        return options;
    }

    private void Apply(string name, string value)
    {
        switch (name)
        {
            case "--scenario":
                Scenarios = value == "all" ? AllScenarios : ParseScenarios(value);
                break;
            case "--gateway":
                Gateway = new Uri(value);
                break;
            case "--sim":
                Simulator = new Uri(value);
                break;
            case "--executors":
                Executors = Positive(name, value);
                break;
            case "--turns-per-executor":
                TurnsPerExecutor = Positive(name, value);
                break;
            case "--users":
                Users = Positive(name, value);
                break;
            case "--words":
                Shape = Shape with { Words = Positive(name, value) };
                break;
            case "--ttft-ms":
                Shape = Shape with { TimeToFirstTokenMs = NonNegative(name, value) };
                break;
            case "--delay-ms":
                Shape = Shape with { InterTokenDelayMs = NonNegative(name, value) };
                break;
            case "--rate":
                Rate = double.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "--concurrency":
                Concurrency = Positive(name, value);
                break;
            case "--duration":
                Duration = TimeSpan.FromSeconds(Positive(name, value));
                break;
            case "--baseline-duration":
                BaselineDuration = TimeSpan.FromSeconds(Positive(name, value));
                break;
            case "--sequential-turns":
                SequentialTurns = Positive(name, value);
                break;
            case "--sequential-warm-up":
                SequentialWarmUp = NonNegative(name, value);
                break;
            case "--start-rate":
                StartRate = PositiveRate(name, value);
                break;
            case "--rate-step":
                RateStep = PositiveRate(name, value);
                break;
            case "--max-rate":
                MaxRate = PositiveRate(name, value);
                break;
            case "--step-duration":
                StepDuration = TimeSpan.FromSeconds(Positive(name, value));
                break;
            case "--burst":
                Burst = Positive(name, value);
                break;
            case "--idle-streams":
                IdleStreams = Positive(name, value);
                break;
            case "--idle-sessions":
                IdleSessions = Positive(name, value);
                break;
            case "--idle-hold":
                IdleHold = TimeSpan.FromSeconds(Positive(name, value));
                break;
            case "--resume-turns":
                ResumeTurns = Positive(name, value);
                break;
            case "--resume-storms":
                ResumeStorms = Positive(name, value);
                break;
            case "--faults":
                Chaos = Chaos with { Faults = Positive(name, value) };
                break;
            case "--seed":
                Chaos = Chaos with { Seed = NonNegative(name, value) };
                break;
            case "--fault-gap-ms":
                Chaos = Chaos with { MeanGap = TimeSpan.FromMilliseconds(Positive(name, value)) };
                break;
            case "--chaos-users":
                Chaos = Chaos with { Workers = Positive(name, value) };
                break;
            case "--chaos-minutes":
                Chaos = Chaos with { MaxDuration = TimeSpan.FromMinutes(Positive(name, value)) };
                break;
            case "--results":
                ResultsDirectory = value;
                break;
            default:
                throw new ArgumentException($"Unknown option {name}. Try --help.");
        }
    }

    private static string[] ParseScenarios(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Except([.. AllScenarios, ChaosScenario]).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}.");
        }

        return names.Contains(ChaosScenario) && names.Length > 1
            ? throw new ArgumentException("The chaos scenario runs alone: it breaks the stack it runs on.")
            : names;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} needs a positive whole number.");

    private static double PositiveRate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && double.IsFinite(rate)
            ? rate
            : throw new ArgumentException($"{name} needs a positive number of turns per second.");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} needs a whole number.");
}

/// <summary>
/// What every measured turn asks the simulator for: N lorem words, paced, stamped. The simulator's real cost is
/// metered (a tenth of a cent per turn), so every run uses fresh users and stays far inside their daily limits.
/// </summary>
public sealed record TurnShape(int Words, int TimeToFirstTokenMs, int InterTokenDelayMs)
{
    public string Message => $"bench [sim:long={Words}][sim:ttft={TimeToFirstTokenMs}][sim:delay={InterTokenDelayMs}][sim:stamp]";

    /// <summary>How long the simulator alone takes for one turn.</summary>
    public TimeSpan Length => TimeSpan.FromMilliseconds(TimeToFirstTokenMs + (double)InterTokenDelayMs * Words);
}
