using Copilot.Testing.Faults;

namespace Copilot.FaultInjection.Tests.Support;

/// <summary>The turn invariants of <see cref="TurnAudit"/>, asserted for every accepted message once the platform settled.</summary>
public sealed class TurnInvariants(FaultStackFixture fixture)
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    private readonly TurnAudit _audit = new(fixture.Redis, fixture.Stack.ChatDatabase);

    public async Task<IReadOnlyList<TurnOutcome>> VerifyAsync(IReadOnlyList<TurnTranscript> transcripts)
    {
        transcripts.Should().NotBeEmpty();
        var unsettled = await _audit.UnsettledAsync([.. transcripts.Select(t => t.SessionId).Distinct()], Settle);
        unsettled.Should().BeEmpty("no turn may stay running, nor a follow-up queued, once the faults stopped (logs: {0})", fixture.Log.Path);
        var problems = new List<string>();
        var outcomes = new List<TurnOutcome>();
        foreach (var transcript in transcripts.Where(t => t.Accepted))
        {
            var found = new List<string>();
            if (await _audit.CheckAsync(transcript, found) is { } outcome)
            {
                outcomes.Add(outcome);
            }

            problems.AddRange(found.Select(problem => $"{transcript}: {problem}"));
        }

        problems.Should().BeEmpty("every accepted message must end in exactly one outcome, seen whole by its client (service logs: {0})", fixture.Log.Path);
        return outcomes;
    }
}
