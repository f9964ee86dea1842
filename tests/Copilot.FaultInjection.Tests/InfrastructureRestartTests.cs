using Copilot.FaultInjection.Tests.Support;
using Copilot.Testing;

namespace Copilot.FaultInjection.Tests;

/// <summary>A backing server restarts while every session is streaming; it comes back on its port with its data.</summary>
[Collection(FaultStackCollection.Name)]
public sealed class InfrastructureRestartTests(FaultStackFixture fixture)
{
    private const int Sessions = 6;

    [Fact]
    public Task Restarting_Redis_under_load_leaves_every_turn_with_exactly_one_outcome() => RestartUnderLoadAsync(RestartableInfrastructure.Redis);

    [Fact]
    public Task Restarting_RabbitMQ_under_load_leaves_every_turn_with_exactly_one_outcome() => RestartUnderLoadAsync(RestartableInfrastructure.RabbitMQ);

    [Fact]
    public Task Restarting_PostgreSQL_under_load_leaves_every_turn_with_exactly_one_outcome() => RestartUnderLoadAsync(RestartableInfrastructure.Postgres);

    private async Task RestartUnderLoadAsync(string server)
    {
        // Half the sessions stream long answers (the restart lands mid-stream), half keep turns starting and ending (it
        // lands mid-publish: a broker connection dropping under a publish once left an executor deaf for good).
        var load = await ChatLoad.StartAsync(fixture, $"restart-{server}", Sessions,
            answer: session => session % 2 == 0 ? ChatLoad.LongAnswer : ChatLoad.QuickAnswer);
        await load.WhenAllStreamingAsync(deltas: 3, TimeSpan.FromSeconds(60));

        fixture.Log.Mark($"restart {server}");
        var took = await fixture.Infrastructure.RestartAsync(server, RestartableInfrastructure.StartupTimeout);
        fixture.Log.Mark($"{server} is back after {took.TotalSeconds:0.0} s");
        // Keep chatting for a while on the restarted server before winding down.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.StopAsync(TimeSpan.FromSeconds(180));
        fixture.Log.Mark($"restart {server}: load stopped");

        var outcomes = await new TurnInvariants(fixture).VerifyAsync(load.Transcripts);
        await Recovery.AssertWholeAgainAsync(fixture, load, outcomes);
    }
}
