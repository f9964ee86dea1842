using Copilot.Chat.Workspace;

namespace Copilot.Chat.UnitTests;

public sealed class WorkspaceQuotaTests
{
    private static readonly WorkspaceOptions Limits = new() { MaxFileBytes = 1_000, MaxTotalBytes = 3_000, MaxFileCount = 3 };

    private static WorkspaceUsage Usage(long usedBytes, int fileCount) =>
        new(usedBytes, fileCount, Limits.MaxTotalBytes, Limits.MaxFileCount, Limits.MaxFileBytes);

    [Fact]
    public void A_file_within_every_limit_is_allowed() =>
        WorkspaceQuota.Check(Limits, Usage(1_000, 1), newBytes: 1_000, replacedBytes: null).Should().BeNull();

    [Fact]
    public void A_file_over_the_per_file_limit_is_too_large_whatever_the_usage()
    {
        var refused = WorkspaceQuota.Check(Limits, Usage(0, 0), newBytes: 1_001, replacedBytes: null);

        refused!.Reason.Should().Be(WorkspaceRefusal.FileTooLarge);
        refused.Detail.Should().Be("The file is 1001 bytes; the limit is 1000 bytes per file.");
    }

    [Fact]
    public void A_new_file_beyond_the_total_is_over_quota_and_says_how_much_is_used()
    {
        var refused = WorkspaceQuota.Check(Limits, Usage(2_500, 2), newBytes: 600, replacedBytes: null);

        refused!.Reason.Should().Be(WorkspaceRefusal.QuotaExceeded);
        refused.Detail.Should().Contain("2.4 KiB is used").And.Contain("quota is 2.9 KiB");
    }

    [Fact]
    public void Filling_the_quota_exactly_is_allowed() =>
        WorkspaceQuota.Check(Limits, Usage(2_400, 2), newBytes: 600, replacedBytes: null).Should().BeNull();

    [Fact]
    public void A_replacement_is_measured_without_the_bytes_it_replaces() =>
        WorkspaceQuota.Check(Limits, Usage(3_000, 3), newBytes: 900, replacedBytes: 1_000).Should().BeNull();

    [Fact]
    public void A_new_file_is_refused_at_the_file_count_limit_but_a_replacement_is_not()
    {
        WorkspaceQuota.Check(Limits, Usage(30, 3), newBytes: 10, replacedBytes: null)!.Reason.Should().Be(WorkspaceRefusal.QuotaExceeded);
        WorkspaceQuota.Check(Limits, Usage(30, 3), newBytes: 10, replacedBytes: 10).Should().BeNull();
    }

    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1_023, "1023 bytes")]
    [InlineData(1_536, "1.5 KiB")]
    [InlineData(10 * 1024 * 1024, "10 MiB")]
    public void Sizes_read_naturally(long bytes, string expected) => WorkspaceQuota.Format(bytes).Should().Be(expected);

    [Fact]
    public void Exact_sizes_show_the_bytes_that_rounding_hides()
    {
        WorkspaceQuota.FormatExactly(3 * 1024 * 1024 + 1).Should().Be("3 MiB (3145729 bytes)");
        WorkspaceQuota.FormatExactly(1_000).Should().Be("1000 bytes");
    }
}
