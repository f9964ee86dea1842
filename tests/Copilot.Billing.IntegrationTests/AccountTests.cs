using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Billing.IntegrationTests.Support;
using Copilot.Contracts;
using MassTransit;

namespace Copilot.Billing.IntegrationTests;

/// <summary>Lazily created accounts, their single Stripe customer, the admin tier override and the usage service's lookups.</summary>
[Collection(BillingCollection.Name)]
public sealed class AccountTests(BillingFixture fixture)
{
    [Fact]
    public async Task Concurrent_first_checkouts_create_exactly_one_Stripe_customer()
    {
        using var user = fixture.NewUser();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => user.RequestTierAsync("PRO")));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        fixture.Stripe.State.Customers.Count(c => c.Metadata.GetValueOrDefault("user_id") == user.UserId).Should().Be(1);
        fixture.Stripe.State.Requests.Where(r => r.Path == "/v1/customers" && r.Form["metadata"]?["user_id"]?.GetValue<string>() == user.UserId)
            .Should().OnlyContain(r => r.IdempotencyKey == $"billing-customer-{user.UserId}");
    }

    [Fact]
    public async Task The_Stripe_customer_gets_the_email_from_the_token()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        using var user = fixture.NewUser(email);

        await BillingAdmin.EnsureCustomerAsync(user);

        fixture.Stripe.State.Customers.Single(c => c.Id == user.CustomerId).Email.Should().Be(email);
        using var admin = fixture.Billing.CreateClient("admin-tests", "admin");
        var account = await admin.GetFromJsonAsync<JsonElement>($"/api/credits/admin/accounts/{user.UserId}");
        account.GetProperty("email").GetString().Should().Be(email);
        account.GetProperty("stripe_customer_id").GetString().Should().Be(user.CustomerId);
    }

    [Fact]
    public async Task An_admin_sets_enterprise_directly_and_the_change_is_published()
    {
        using var user = fixture.NewUser();

        await BillingAdmin.SetTierAsync(fixture.Billing, user.UserId, "ENTERPRISE");

        (await user.TierAsync()).Should().Be("ENTERPRISE");
        (await user.StatusAsync()).GetProperty("monthly_cost").GetInt64().Should().Be(0);
        (await fixture.TierChanges.WaitForAsync(user.UserId, SubscriptionTier.Enterprise)).Should().Equal(SubscriptionTier.Enterprise);
    }

    [Fact]
    public async Task Setting_the_same_tier_again_publishes_nothing_new()
    {
        using var user = fixture.NewUser();

        await BillingAdmin.SetTierAsync(fixture.Billing, user.UserId, "PRO");
        await BillingAdmin.SetTierAsync(fixture.Billing, user.UserId, "PRO");

        (await fixture.TierChanges.WaitForAsync(user.UserId, SubscriptionTier.Pro)).Should().Equal(SubscriptionTier.Pro);
    }

    [Fact]
    public async Task The_admin_tier_route_needs_the_admin_role_and_a_valid_tier()
    {
        using var user = fixture.NewUser();
        using var admin = fixture.Billing.CreateClient("admin-tests", "admin");

        (await user.Http.PostAsJsonAsync("/api/credits/admin/tier", new { user_id = user.UserId, tier = "ENTERPRISE" })).StatusCode
            .Should().Be(HttpStatusCode.Forbidden);
        (await admin.PostAsJsonAsync("/api/credits/admin/tier", new { user_id = user.UserId, tier = "PLATINUM" })).StatusCode
            .Should().Be((HttpStatusCode)422);
        (await admin.GetAsync($"/api/credits/admin/accounts/nobody-{Guid.NewGuid():N}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_usage_service_can_look_up_a_tier_and_an_unknown_user_is_free()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.SetTierAsync(fixture.Billing, user.UserId, "BUSINESS");
        var client = fixture.Bus.CreateRequestClient<GetSubscriptionTier>();

        var known = await client.GetResponse<SubscriptionTierFound>(new GetSubscriptionTier(user.UserId));
        var unknown = await client.GetResponse<SubscriptionTierFound>(new GetSubscriptionTier($"nobody-{Guid.NewGuid():N}"));

        known.Message.Tier.Should().Be(SubscriptionTier.Business);
        unknown.Message.Tier.Should().Be(SubscriptionTier.Free);
    }

    [Fact]
    public async Task Accounts_are_found_by_part_of_the_user_id_or_the_email()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        using var byId = new BillingUser(fixture, fixture.Billing, $"user-{marker}-a");
        using var byEmail = fixture.NewUser($"{marker}@example.com");
        await byId.StatusAsync();
        await byEmail.StatusAsync();
        var client = fixture.Bus.CreateRequestClient<FindAccounts>();

        var found = await client.GetResponse<AccountsFound>(new FindAccounts(marker.ToUpperInvariant(), 10));
        var wildcard = await client.GetResponse<AccountsFound>(new FindAccounts("%", 10));

        found.Message.Accounts.Select(a => a.UserId).Should().BeEquivalentTo(byId.UserId, byEmail.UserId);
        wildcard.Message.Accounts.Should().BeEmpty("LIKE wildcards are matched literally");
    }

    [Fact]
    public async Task The_exact_user_id_or_email_comes_first_when_more_accounts_than_the_limit_contain_it()
    {
        const int limit = 50;
        var marker = Guid.NewGuid().ToString("N")[..10];
        // Each near match contains the target's id and email and sorts before the target's id.
        var nearMatches = Enumerable.Range(0, limit + 10)
            .Select(i => new BillingUser(fixture, fixture.Billing, $"a-z{marker}-{i:D2}", $"{i:D2}.{marker}@example.com")).ToList();
        using var target = new BillingUser(fixture, fixture.Billing, $"z{marker}", $"{marker}@example.com");
        try
        {
            await Task.WhenAll(nearMatches.Append(target).Select(u => u.StatusAsync()));
            var client = fixture.Bus.CreateRequestClient<FindAccounts>();

            var byId = await client.GetResponse<AccountsFound>(new FindAccounts(target.UserId, limit));
            var byEmail = await client.GetResponse<AccountsFound>(new FindAccounts($"{marker}@EXAMPLE.com", limit));

            byId.Message.Accounts.Should().HaveCount(limit);
            byId.Message.Accounts[0].UserId.Should().Be(target.UserId);
            byEmail.Message.Accounts.Should().HaveCount(limit);
            byEmail.Message.Accounts[0].UserId.Should().Be(target.UserId);
        }
        finally
        {
            nearMatches.ForEach(u => u.Dispose());
        }
    }
}
