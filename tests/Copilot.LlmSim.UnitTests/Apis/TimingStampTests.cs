using System.Globalization;
using System.Text.RegularExpressions;
using Copilot.LlmSim.Responses;
using static Copilot.LlmSim.UnitTests.Apis.ChatRequests;

namespace Copilot.LlmSim.UnitTests.Apis;

public sealed partial class TimingStampTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Stamp_prefixes_every_text_delta_with_its_index_and_the_received_and_emitted_times()
    {
        var before = TimingStamp.UnixMicroseconds(DateTimeOffset.UtcNow);
        var sse = await client.StreamAsync(User("[sim:stamp][sim:long=6][sim:ttft=30][sim:delay=2]"));
        var after = TimingStamp.UnixMicroseconds(DateTimeOffset.UtcNow);

        var stamps = TextDeltas(sse).Select(delta => Stamp().Match(delta)).ToList();
        stamps.Should().HaveCount(7).And.OnlyContain(match => match.Success && match.Index == 0);
        stamps.Select(match => Number(match, "seq")).Should().Equal(Enumerable.Range(0, 7).Select(i => (long)i));
        var received = Number(stamps[0], "received");
        received.Should().BeInRange(before, after);
        stamps.Should().OnlyContain(match => Number(match, "received") == received);
        var emitted = stamps.Select(match => Number(match, "emitted")).ToList();
        emitted.Should().BeInAscendingOrder().And.OnlyContain(time => time <= after);
        (emitted[0] - received).Should().BeGreaterThanOrEqualTo(30_000, "the first delta waits for the time to first token");
    }

    [Fact]
    public async Task Stamped_text_without_its_stamps_is_the_unstamped_text_and_usage_is_unchanged()
    {
        var plain = await client.StreamAsync(User("[sim:long=20] hi"));
        var stamped = await client.StreamAsync(User("[sim:long=20][sim:stamp] hi"));

        Stamp().Replace(stamped.Content, "").Should().Be(plain.Content);
        stamped.Usage["completion_tokens"]!.GetValue<int>().Should().Be(plain.Usage["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stamp_is_not_a_scenario_and_leaves_unstamped_responses_alone()
    {
        var stamped = await client.StreamAsync(User("[sim:stamp] Hello there"));
        var plain = await client.StreamAsync(User("Hello there"));

        Stamp().Replace(stamped.Content, "").Should().Be("[simulated] You said: Hello there");
        plain.Content.Should().NotContain(TimingStamp.Prefix);
    }

    private static List<string> TextDeltas(SseResponse sse) =>
        [.. sse.Deltas.Select(delta => (string?)delta["content"]).OfType<string>().Where(text => text.Length > 0)];

    private static long Number(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\[sim-ts:(?<seq>\d+):(?<received>\d+):(?<emitted>\d+)\]")]
    private static partial Regex Stamp();
}
