using System.Text;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Memories;
using Copilot.Chat.Workspace;
using Copilot.Executor.Tools;
using Copilot.Executor.Tools.Memories;
using Copilot.Executor.Tools.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Copilot.Executor.IntegrationTests;

/// <summary>The workspace and memory tools called directly on the stack's real database, for the detail cases.</summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class StoreToolTests(ExecutorStackFixture fixture) : IDisposable
{
    private readonly ServiceProvider _services = BuildServices(fixture.Stack.ChatDatabase);

    private static ServiceProvider BuildServices(string chatDatabase)
    {
        var services = new ServiceCollection();
        services.AddDbContext<ChatDbContext>(options => options.UseNpgsql(chatDatabase).UseSnakeCaseNamingConvention());
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<WorkspaceOptions>();
        services.AddOptions<MemoryOptions>();
        services.AddScoped<WorkspaceFiles>();
        services.AddScoped<MemoryStore>();
        return services.BuildServiceProvider();
    }

    private T Tool<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    private static Task<ToolResult> CallAsync(ICopilotTool tool, string userId, object arguments) =>
        tool.ExecuteAsync(
            new ToolInvocation(Guid.NewGuid(), Guid.NewGuid(), userId, "call_1", JsonSerializer.SerializeToElement(arguments)),
            CancellationToken.None);

    private static JsonElement Json(ToolResult result)
    {
        result.IsError.Should().BeFalse(result.Output);
        return JsonDocument.Parse(result.Output).RootElement;
    }

    private static string NewUser() => $"user-{Guid.NewGuid():N}";

    private async Task<Guid> WriteAsync(string userId, string name, string content) =>
        Json(await CallAsync(Tool<WriteWorkspaceFileTool>(), userId, new { name, content })).GetProperty("file_id").GetGuid();

    [Fact]
    public async Task Reading_by_id_returns_the_requested_lines_and_the_total()
    {
        var user = NewUser();
        var id = await WriteAsync(user, "poem.txt", string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i}")));

        var read = Json(await CallAsync(Tool<ReadWorkspaceFileTool>(), user, new { file_id = id.ToString(), start_line = 4, end_line = 6 }));

        read.GetProperty("content").GetString().Should().Be("line 4\nline 5\nline 6");
        read.GetProperty("total_lines").GetInt32().Should().Be(10);
        (read.GetProperty("start_line").GetInt32(), read.GetProperty("end_line").GetInt32()).Should().Be((4, 6));
        read.TryGetProperty("truncated", out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_long_file_is_read_in_pieces_that_say_where_to_continue()
    {
        var user = NewUser();
        var lines = Enumerable.Range(1, 1_500).Select(i => $"{i:D4} {new string('x', 45)}").ToList();
        await WriteAsync(user, "long.log", string.Join('\n', lines));
        var read = Tool<ReadWorkspaceFileTool>();

        var first = Json(await CallAsync(read, user, new { name = "long.log" }));
        var next = first.GetProperty("next_start_line").GetInt32();
        var rest = Json(await CallAsync(read, user, new { name = "long.log", start_line = next }));

        first.GetProperty("truncated").GetBoolean().Should().BeTrue();
        first.GetProperty("content").GetString()!.Length.Should().BeLessThanOrEqualTo(ReadWorkspaceFileTool.MaxContentChars);
        next.Should().Be(first.GetProperty("end_line").GetInt32() + 1);
        (first.GetProperty("content").GetString() + "\n" + rest.GetProperty("content").GetString()).Should().Be(string.Join('\n', lines));
        rest.GetProperty("end_line").GetInt32().Should().Be(1_500);
        rest.TryGetProperty("truncated", out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_binary_file_is_described_instead_of_shown()
    {
        var user = NewUser();
        Guid id;
        await using (var scope = _services.CreateAsyncScope())
        {
            var written = await scope.ServiceProvider.GetRequiredService<WorkspaceFiles>().WriteAsync(user,
                new WorkspaceWrite("logo.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]), CancellationToken.None);
            id = ((WorkspaceFileSaved)written).File.Id;
        }

        var result = await CallAsync(Tool<ReadWorkspaceFileTool>(), user, new { file_id = id.ToString() });

        result.IsError.Should().BeTrue();
        result.Output.Should().Be("'logo.png' is a binary file (image/png, 9 bytes); its content cannot be shown as text.");
    }

    [Fact]
    public async Task Another_users_file_reads_exactly_like_a_missing_one()
    {
        var owner = NewUser();
        var intruder = NewUser();
        var id = await WriteAsync(owner, "private.txt", "secret");
        var missing = Guid.NewGuid();
        var read = Tool<ReadWorkspaceFileTool>();

        var foreign = await CallAsync(read, intruder, new { file_id = id.ToString() });
        var absent = await CallAsync(read, intruder, new { file_id = missing.ToString() });
        var byName = await CallAsync(read, intruder, new { name = "private.txt" });

        foreign.IsError.Should().BeTrue();
        foreign.Output.Should().Be(absent.Output.Replace(missing.ToString(), id.ToString(), StringComparison.Ordinal));
        byName.Output.Should().StartWith("No workspace file named 'private.txt'");
        Json(await CallAsync(Tool<ListWorkspaceFilesTool>(), intruder, new { })).GetProperty("total").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("""{"name":"a.txt","start_line":0}""", "1-based")]
    [InlineData("""{"name":"a.txt","start_line":9}""", "past the end of the file (2 lines)")]
    [InlineData("""{"file_id":"nope"}""", "is not a file_id")]
    [InlineData("""{}""", "Pass file_id or name.")]
    [InlineData("""{"name":"a.txt","end_line":"last"}""", "'end_line' must be a whole number.")]
    public async Task Bad_read_arguments_are_explained_to_the_model(string arguments, string expected)
    {
        var user = NewUser();
        await WriteAsync(user, "a.txt", "one\ntwo");

        var result = await Tool<ReadWorkspaceFileTool>().ExecuteAsync(
            new ToolInvocation(Guid.NewGuid(), Guid.NewGuid(), user, "call_1", JsonDocument.Parse(arguments).RootElement), CancellationToken.None);

        result.IsError.Should().BeTrue();
        result.Output.Should().Contain(expected);
    }

    [Fact]
    public async Task Writing_a_name_again_replaces_the_file()
    {
        var user = NewUser();
        var first = await WriteAsync(user, "draft.md", "v1");

        var second = Json(await CallAsync(Tool<WriteWorkspaceFileTool>(), user, new { name = "draft.md", content = "v2\nmore" }));

        second.GetProperty("file_id").GetGuid().Should().Be(first);
        second.GetProperty("replaced").GetBoolean().Should().BeTrue();
        second.GetProperty("total_lines").GetInt32().Should().Be(2);
        await using var scope = _services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<WorkspaceFiles>().ReadAsync(user, first, CancellationToken.None);
        Encoding.UTF8.GetString(stored!.Content).Should().Be("v2\nmore");
    }

    [Fact]
    public async Task Search_ranks_memories_and_forgetting_another_users_memory_looks_like_a_missing_one()
    {
        var owner = NewUser();
        var intruder = NewUser();
        var add = Tool<AddMemoryTool>();
        var dogs = Json(await CallAsync(add, owner, new { content = "Has two dogs; walks the dogs daily" })).GetProperty("memory_id").GetGuid();
        await CallAsync(add, owner, new { content = "Once owned a dog" });
        await CallAsync(add, owner, new { content = "Drinks green tea" });

        var found = Json(await CallAsync(Tool<SearchMemoryTool>(), owner, new { query = "dogs", limit = 500 }));
        var forget = Tool<ForgetMemoryTool>();
        var foreign = await forget.ExecuteAsync(
            new ToolInvocation(Guid.NewGuid(), Guid.NewGuid(), intruder, "call_1", JsonSerializer.SerializeToElement(new { memory_id = dogs.ToString() })),
            CancellationToken.None);
        var missing = Guid.NewGuid();
        var absent = await CallAsync(forget, intruder, new { memory_id = missing.ToString() });

        found.GetProperty("memories").EnumerateArray().Select(m => m.GetProperty("content").GetString())
            .Should().Equal("Has two dogs; walks the dogs daily", "Once owned a dog");
        foreign.IsError.Should().BeTrue();
        foreign.Output.Should().Be(absent.Output.Replace(missing.ToString(), dogs.ToString(), StringComparison.Ordinal));
        Json(await CallAsync(Tool<SearchMemoryTool>(), owner, new { query = "dogs" })).GetProperty("count").GetInt32().Should().Be(2);
    }

    public void Dispose() => _services.Dispose();
}
