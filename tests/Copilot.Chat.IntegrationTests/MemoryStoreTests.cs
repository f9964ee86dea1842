using Copilot.Chat.Data;
using Copilot.Chat.Memories;
using Microsoft.Extensions.Options;

namespace Copilot.Chat.IntegrationTests;

public sealed class MemoryStoreTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    private static readonly MemoryOptions Limits = new() { MaxContentLength = 200, MaxMemoriesPerUser = 5 };

    private static string NewUser() => $"user-{Guid.NewGuid():N}";

    private static MemoryStore Store(ChatDbContext db) => new(db, Options.Create(Limits), TimeProvider.System);

    private async Task<MemoryAddResult> AddAsync(string userId, string content)
    {
        await using var db = state.NewDbContext();
        return await Store(db).AddAsync(userId, content, CancellationToken.None);
    }

    private async Task<MemorySearchResult> SearchAsync(string userId, string query, int limit = 10)
    {
        await using var db = state.NewDbContext();
        return await Store(db).SearchAsync(userId, query, limit, CancellationToken.None);
    }

    [Fact]
    public async Task Full_text_search_matches_word_forms_and_ranks_the_closer_memory_first()
    {
        var user = NewUser();
        await AddAsync(user, "Prefers answers in metric units");
        await AddAsync(user, "Runs marathons; runs every morning before running errands");
        await AddAsync(user, "Has a dog called Biscuit");

        var result = await SearchAsync(user, "running");

        result.Match.Should().Be(MemoryMatch.FullText);
        result.Hits.Should().ContainSingle().Which.Content.Should().StartWith("Runs marathons", "'running' and 'runs' share the stem 'run'");
        result.Hits[0].Rank.Should().BePositive();

        var ranked = await SearchAsync(user, "dog OR metric OR Biscuit");
        ranked.Hits.Select(h => h.Content).Should().Equal("Has a dog called Biscuit", "Prefers answers in metric units");
    }

    [Fact]
    public async Task Web_search_syntax_supports_phrases_and_exclusions()
    {
        var user = NewUser();
        await AddAsync(user, "Favourite colour is dark green");
        await AddAsync(user, "Car colour is green and dark grey");

        (await SearchAsync(user, "\"dark green\"")).Hits.Select(h => h.Content).Should().Equal("Favourite colour is dark green");
        (await SearchAsync(user, "colour -car")).Hits.Select(h => h.Content).Should().Equal("Favourite colour is dark green");
    }

    [Fact]
    public async Task A_query_without_lexemes_falls_back_to_a_substring_match()
    {
        var user = NewUser();
        await AddAsync(user, "Uses PostgreSQL at work");
        await AddAsync(user, "Is learning to play the piano");

        var stopWordsOnly = await SearchAsync(user, "the");
        var partOfAWord = await SearchAsync(user, "postgres");

        stopWordsOnly.Match.Should().Be(MemoryMatch.Substring);
        stopWordsOnly.Hits.Select(h => h.Content).Should().Equal("Is learning to play the piano");
        stopWordsOnly.Hits[0].Rank.Should().BeNull();
        partOfAWord.Hits.Select(h => h.Content).Should().Equal("Uses PostgreSQL at work");
    }

    [Fact]
    public async Task Substring_fallback_treats_like_wildcards_literally()
    {
        var user = NewUser();
        await AddAsync(user, "Discount code is 100% off");
        await AddAsync(user, "Nothing to see here");

        (await SearchAsync(user, "%")).Hits.Select(h => h.Content).Should().Equal("Discount code is 100% off");
    }

    [Fact]
    public async Task Search_honours_the_limit()
    {
        var user = NewUser();
        for (var i = 0; i < 4; i++)
        {
            await AddAsync(user, $"Project note number {i} about tea");
        }

        (await SearchAsync(user, "tea", limit: 3)).Hits.Should().HaveCount(3);
    }

    [Fact]
    public async Task Another_users_memories_are_neither_found_nor_forgotten()
    {
        var owner = NewUser();
        var intruder = NewUser();
        var added = (MemoryAdded)await AddAsync(owner, "Allergic to peanuts");

        (await SearchAsync(intruder, "peanuts")).Hits.Should().BeEmpty();
        await using (var db = state.NewDbContext())
        {
            (await Store(db).ForgetAsync(intruder, added.Memory.Id, CancellationToken.None)).Should().BeFalse();
        }

        (await SearchAsync(owner, "peanuts")).Hits.Should().ContainSingle();
    }

    [Fact]
    public async Task Forgetting_removes_the_memory_once()
    {
        var user = NewUser();
        var added = (MemoryAdded)await AddAsync(user, "Lives in Lisbon");

        await using var db = state.NewDbContext();
        var store = Store(db);
        (await store.ForgetAsync(user, added.Memory.Id, CancellationToken.None)).Should().BeTrue();
        (await store.ForgetAsync(user, added.Memory.Id, CancellationToken.None)).Should().BeFalse();
        (await SearchAsync(user, "Lisbon")).Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task The_same_fact_twice_is_one_memory()
    {
        var user = NewUser();

        var first = (MemoryAdded)await AddAsync(user, "Speaks Portuguese");
        var second = (MemoryAdded)await AddAsync(user, "  Speaks Portuguese ");

        second.AlreadyRemembered.Should().BeTrue();
        second.Memory.Id.Should().Be(first.Memory.Id);
        (await SearchAsync(user, "Portuguese")).Hits.Should().ContainSingle();
    }

    [Fact]
    public async Task Blank_overlong_and_over_the_count_limit_memories_are_refused()
    {
        var user = NewUser();

        (await AddAsync(user, "   ")).Should().BeOfType<MemoryRefused>();
        (await AddAsync(user, new string('x', 201))).Should().BeOfType<MemoryRefused>().Which.Detail.Should().Contain("limit is 200");
        for (var i = 0; i < Limits.MaxMemoriesPerUser; i++)
        {
            (await AddAsync(user, $"fact {i}")).Should().BeOfType<MemoryAdded>();
        }

        (await AddAsync(user, "one too many")).Should().BeOfType<MemoryRefused>().Which.Detail.Should().Contain("forget");
    }
}
