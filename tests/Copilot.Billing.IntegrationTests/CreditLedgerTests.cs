using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Billing.IntegrationTests.Support;
using Copilot.Contracts;
using MassTransit;

namespace Copilot.Billing.IntegrationTests;

/// <summary>The credit ledger through the usage service's request–response contract and the HTTP API.</summary>
[Collection(BillingCollection.Name)]
public sealed class CreditLedgerTests(BillingFixture fixture)
{
    [Fact]
    public async Task Spending_takes_credits_and_answers_with_the_new_balance()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.GrantAsync(fixture.Billing, user.UserId, 1000);

        var answer = await SpendAsync(user.UserId, 300, "reset-1");

        answer.Is(out Response<CreditsSpent>? spent).Should().BeTrue();
        spent!.Message.BalanceCents.Should().Be(700);
        (await user.BalanceAsync()).Should().Be(700);
    }

    [Fact]
    public async Task Spending_more_than_the_balance_is_refused_and_changes_nothing()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.GrantAsync(fixture.Billing, user.UserId, 100);

        var answer = await SpendAsync(user.UserId, 101, "reset-1");

        answer.Is(out Response<InsufficientCredits>? insufficient).Should().BeTrue();
        insufficient!.Message.BalanceCents.Should().Be(100);
        (await user.BalanceAsync()).Should().Be(100);
    }

    [Fact]
    public async Task A_user_without_an_account_has_insufficient_credits()
    {
        var answer = await SpendAsync($"user-{Guid.NewGuid():N}", 1, "reset-1");

        answer.Is(out Response<InsufficientCredits>? insufficient).Should().BeTrue();
        insufficient!.Message.BalanceCents.Should().Be(0);
    }

    [Fact]
    public async Task A_spend_is_applied_once_per_idempotency_key()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.GrantAsync(fixture.Billing, user.UserId, 1000);

        await SpendAsync(user.UserId, 250, "reset-same");
        var again = await SpendAsync(user.UserId, 250, "reset-same");

        again.Is(out Response<CreditsSpent>? spent).Should().BeTrue();
        spent!.Message.BalanceCents.Should().Be(750);
        (await user.BalanceAsync()).Should().Be(750);
    }

    [Fact]
    public async Task Concurrent_spends_never_take_the_balance_below_zero()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.GrantAsync(fixture.Billing, user.UserId, 100);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => SpendAsync(user.UserId, 30, $"reset-{i}")));

        answers.Count(a => a.Is(out Response<CreditsSpent>? _)).Should().Be(3);
        (await user.BalanceAsync()).Should().Be(10);
    }

    [Fact]
    public async Task A_refund_gives_credits_back_once_per_idempotency_key()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.GrantAsync(fixture.Billing, user.UserId, 500);
        await SpendAsync(user.UserId, 500, "reset-1");
        var client = fixture.Bus.CreateRequestClient<RefundCredits>();

        var first = await client.GetResponse<CreditsRefunded>(new RefundCredits(user.UserId, 500, "reset-1", "reset failed"));
        var second = await client.GetResponse<CreditsRefunded>(new RefundCredits(user.UserId, 500, "reset-1", "reset failed"));

        first.Message.BalanceCents.Should().Be(500);
        second.Message.BalanceCents.Should().Be(500);
    }

    [Fact]
    public async Task An_invalid_spend_request_faults_instead_of_answering()
    {
        var client = fixture.Bus.CreateRequestClient<SpendCredits>();

        var act = () => client.GetResponse<CreditsSpent, InsufficientCredits>(new SpendCredits("user-x", 0, "key", "reason"));

        await act.Should().ThrowAsync<RequestFaultException>();
    }

    [Fact]
    public async Task Transactions_are_listed_newest_first_in_pages()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.GrantAsync(fixture.Billing, user.UserId, 1000);
        await SpendAsync(user.UserId, 100, "a");
        await SpendAsync(user.UserId, 200, "b");

        var first = await TransactionsAsync(user, "?limit=2");
        var rest = await TransactionsAsync(user, $"?limit=2&before={first.GetProperty("next_before").GetInt64()}");

        first.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("amount_cents").GetInt64()).Should().Equal(-200, -100);
        first.GetProperty("transactions")[0].GetProperty("balance_cents").GetInt64().Should().Be(700);
        first.GetProperty("transactions")[0].GetProperty("kind").GetString().Should().Be("USAGE");
        rest.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).Should().Equal("GRANT");
        rest.GetProperty("next_before").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Transaction_paging_rejects_out_of_range_values()
    {
        using var user = fixture.NewUser();
        using var response = await user.Http.GetAsync("/api/credits/transactions?limit=0");
        response.StatusCode.Should().Be((HttpStatusCode)422);
    }

    [Fact]
    public async Task Granting_credits_requires_the_admin_role_and_applies_once_per_key()
    {
        using var user = fixture.NewUser();
        var grant = new { user_id = user.UserId, amount_cents = 400, reason = "goodwill", idempotency_key = "ticket-42" };

        using (var forbidden = await user.Http.PostAsJsonAsync("/api/credits/admin/grant", grant))
        {
            forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using var admin = fixture.Billing.CreateClient("admin-tests", "admin");
        (await admin.PostAsJsonAsync("/api/credits/admin/grant", grant)).StatusCode.Should().Be(HttpStatusCode.OK);
        var repeat = await (await admin.PostAsJsonAsync("/api/credits/admin/grant", grant)).Content.ReadFromJsonAsync<JsonElement>();

        repeat.GetProperty("applied").GetBoolean().Should().BeFalse();
        (await user.BalanceAsync()).Should().Be(400);
        (await admin.PostAsJsonAsync("/api/credits/admin/grant", new { user_id = user.UserId, amount_cents = -5 })).StatusCode
            .Should().Be((HttpStatusCode)422);
    }

    private async Task<Response<CreditsSpent, InsufficientCredits>> SpendAsync(string userId, long amount, string key)
    {
        var client = fixture.Bus.CreateRequestClient<SpendCredits>();
        return await client.GetResponse<CreditsSpent, InsufficientCredits>(new SpendCredits(userId, amount, key, "paid daily reset"));
    }

    private static async Task<JsonElement> TransactionsAsync(BillingUser user, string query)
    {
        using var response = await user.Http.GetAsync($"/api/credits/transactions{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
