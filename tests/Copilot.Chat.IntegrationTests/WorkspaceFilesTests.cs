using System.Text;
using Copilot.Chat.Data;
using Copilot.Chat.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Copilot.Chat.IntegrationTests;

public sealed class WorkspaceFilesTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    private static readonly WorkspaceOptions Limits = new() { MaxFileBytes = 1_000, MaxTotalBytes = 2_500, MaxFileCount = 4 };

    private static string NewUser() => $"user-{Guid.NewGuid():N}";

    private static WorkspaceFiles Store(ChatDbContext db) => new(db, Options.Create(Limits), TimeProvider.System);

    /// <summary>Each write on a context of its own, like a request scope.</summary>
    private async Task<WorkspaceWriteResult> WriteAsync(string userId, string name, string text)
    {
        await using var db = state.NewDbContext();
        return await Store(db).WriteAsync(userId, new WorkspaceWrite(name, "text/plain", Encoding.UTF8.GetBytes(text)), CancellationToken.None);
    }

    [Fact]
    public async Task Writing_a_taken_name_replaces_the_content_and_keeps_the_id()
    {
        var user = NewUser();

        var first = (WorkspaceFileSaved)await WriteAsync(user, "notes.md", "v1");
        var second = (WorkspaceFileSaved)await WriteAsync(user, "notes.md", "version two");

        first.Replaced.Should().BeFalse();
        second.Replaced.Should().BeTrue();
        second.File.Id.Should().Be(first.File.Id);
        second.File.SizeBytes.Should().Be(11);
        second.File.UpdatedAt.Should().BeOnOrAfter(first.File.UpdatedAt);
        await using (var db = state.NewDbContext())
        {
            var files = Store(db);
            var read = await files.ReadAsync(user, first.File.Id, CancellationToken.None);
            Encoding.UTF8.GetString(read!.Content).Should().Be("version two");
            (await files.ListAsync(user, 10, 0, CancellationToken.None)).Total.Should().Be(1);
        }
    }

    [Fact]
    public async Task Another_users_file_is_invisible_to_every_operation()
    {
        var owner = NewUser();
        var intruder = NewUser();
        var saved = (WorkspaceFileSaved)await WriteAsync(owner, "secret.txt", "mine");

        await using (var db = state.NewDbContext())
        {
            var files = Store(db);
            (await files.GetInfoAsync(intruder, saved.File.Id, CancellationToken.None)).Should().BeNull();
            (await files.ReadAsync(intruder, saved.File.Id, CancellationToken.None)).Should().BeNull();
            (await files.ReadByNameAsync(intruder, "secret.txt", CancellationToken.None)).Should().BeNull();
            (await files.ResolveAsync(intruder, [saved.File.Id.ToString()], CancellationToken.None)).Should().BeEmpty();
            (await files.DeleteAsync(intruder, saved.File.Id, CancellationToken.None)).Should().BeFalse();
            (await files.ListAsync(intruder, 10, 0, CancellationToken.None)).Files.Should().BeEmpty();
            (await files.GetInfoAsync(owner, saved.File.Id, CancellationToken.None)).Should().NotBeNull("the intruder deleted nothing");
        }

        var sameName = (WorkspaceFileSaved)await WriteAsync(intruder, "secret.txt", "theirs");
        sameName.Replaced.Should().BeFalse("names are unique per user, not globally");
    }

    [Fact]
    public async Task A_deleted_file_disappears_frees_its_quota_and_releases_its_bytes()
    {
        var user = NewUser();
        var saved = (WorkspaceFileSaved)await WriteAsync(user, "big.txt", new string('x', 1_000));
        await WriteAsync(user, "other.txt", new string('y', 1_000));

        await using (var db = state.NewDbContext())
        {
            var files = Store(db);
            (await files.DeleteAsync(user, saved.File.Id, CancellationToken.None)).Should().BeTrue();
            (await files.DeleteAsync(user, saved.File.Id, CancellationToken.None)).Should().BeFalse("it is already gone");
            (await files.ReadAsync(user, saved.File.Id, CancellationToken.None)).Should().BeNull();
            (await files.ResolveAsync(user, [saved.File.Id.ToString()], CancellationToken.None)).Should().BeEmpty();
            (await files.UsageAsync(user, CancellationToken.None)).Should().Match<WorkspaceUsage>(u => u.UsedBytes == 1_000 && u.FileCount == 1);
        }

        await using var check = state.NewDbContext();
        var row = await check.WorkspaceFiles.SingleAsync(f => f.Id == saved.File.Id);
        row.DeletedAt.Should().NotBeNull();
        row.Content.Should().BeEmpty();
        var reused = (WorkspaceFileSaved)await WriteAsync(user, "big.txt", "small now");
        reused.Replaced.Should().BeFalse("a deleted file's name is free again");
        reused.File.Id.Should().NotBe(saved.File.Id);
    }

    [Fact]
    public async Task Limits_refuse_oversize_files_and_writes_beyond_the_quota()
    {
        var user = NewUser();

        var tooLarge = await WriteAsync(user, "huge.txt", new string('x', 1_001));
        await WriteAsync(user, "a.txt", new string('a', 1_000));
        await WriteAsync(user, "b.txt", new string('b', 1_000));
        var overQuota = await WriteAsync(user, "c.txt", new string('c', 501));
        var shrinking = await WriteAsync(user, "a.txt", new string('a', 400));

        tooLarge.Should().BeOfType<WorkspaceWriteRefused>().Which.Reason.Should().Be(WorkspaceRefusal.FileTooLarge);
        overQuota.Should().BeOfType<WorkspaceWriteRefused>().Which.Reason.Should().Be(WorkspaceRefusal.QuotaExceeded);
        shrinking.Should().BeOfType<WorkspaceFileSaved>("a replacement only needs room for the difference");
        (await WriteAsync(user, "c.txt", new string('c', 500))).Should().BeOfType<WorkspaceFileSaved>();
    }

    [Fact]
    public async Task Concurrent_writes_of_one_user_never_exceed_the_quota()
    {
        var user = NewUser();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => WriteAsync(user, $"f{i}.txt", new string('x', 1_000))));

        results.OfType<WorkspaceFileSaved>().Should().HaveCount(2, "2 500 bytes hold two files of 1 000");
        results.OfType<WorkspaceWriteRefused>().Should().OnlyContain(r => r.Reason == WorkspaceRefusal.QuotaExceeded);
        await using (var db = state.NewDbContext())
        {
            var files = Store(db);
            (await files.UsageAsync(user, CancellationToken.None)).UsedBytes.Should().Be(2_000);
        }
    }

    [Fact]
    public async Task Concurrent_writes_of_one_new_name_leave_one_file()
    {
        var user = NewUser();

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => WriteAsync(user, "same.txt", $"v{i}")));

        results.Cast<WorkspaceFileSaved>().Select(r => r.File.Id).Distinct().Should().ContainSingle();
        results.Cast<WorkspaceFileSaved>().Count(r => !r.Replaced).Should().Be(1);
    }

    [Fact]
    public async Task Listing_pages_newest_change_first_and_reports_usage()
    {
        var user = NewUser();
        foreach (var name in new[] { "1.txt", "2.txt", "3.txt" })
        {
            await WriteAsync(user, name, name);
        }

        await WriteAsync(user, "1.txt", "touched");

        await using (var db = state.NewDbContext())
        {
            var files = Store(db);
            var first = await files.ListAsync(user, 2, 0, CancellationToken.None);
            var second = await files.ListAsync(user, 2, 2, CancellationToken.None);

            first.Files.Select(f => f.Name).Should().Equal("1.txt", "3.txt");
            second.Files.Select(f => f.Name).Should().Equal("2.txt");
            first.Total.Should().Be(3);
            first.Usage.UsedBytes.Should().Be(7 + 5 + 5);
        }
    }
}
