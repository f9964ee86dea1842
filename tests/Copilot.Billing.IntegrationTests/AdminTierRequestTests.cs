using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Billing.IntegrationTests.Support;
using Copilot.Contracts;
using Copilot.Testing;
using MassTransit;

namespace Copilot.Billing.IntegrationTests;

/// <summary>What the other services ask of billing's accounts: usage's admin tier change and chat-api's seen users.</summary>
[Collection(BillingCollection.Name)]
public sealed class AdminTierRequestTests(BillingFixture fixture) : IDisposable
{
    private readonly HttpClient _admin = fixture.Billing.CreateClient("admin-tests", "admin");

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task A_tier_set_over_the_bus_creates_the_account_and_publishes_the_change_it_answers_with()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        (await _admin.GetAsync($"/api/credits/admin/accounts/{userId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var reply = await SetTierAsync(userId, SubscriptionTier.Business);

        reply.Should().BeEquivalentTo(new { UserId = userId, Tier = SubscriptionTier.Business });
        (await AccountAsync(userId)).GetProperty("tier").GetString().Should().Be("BUSINESS");
        await fixture.TierChanges.WaitForAsync(userId, SubscriptionTier.Business);
        var published = fixture.TierChanges.MessagesFor(userId).Should().ContainSingle().Subject;
        published.EffectiveAt.Should().BeCloseTo(reply.EffectiveAt, TimeSpan.FromMilliseconds(1),
            "usage stamps its immediate write with the reply's time, so the event must carry the same instant");
    }

    [Fact]
    public async Task Enterprise_set_over_the_bus_locks_the_users_own_changes_until_an_admin_sets_another_tier()
    {
        using var user = fixture.NewUser();

        await SetTierAsync(user.UserId, SubscriptionTier.Enterprise);
        await SetTierAsync(user.UserId, SubscriptionTier.Enterprise);
        using var refused = await user.RequestTierAsync("PRO");
        await Problem.AssertAsync(refused, HttpStatusCode.Forbidden, "ENTERPRISE subscription changes must be managed by an administrator");
        await SetTierAsync(user.UserId, SubscriptionTier.Free);

        (await user.TierAsync()).Should().Be("FREE");
        (await fixture.TierChanges.WaitForAsync(user.UserId, SubscriptionTier.Enterprise, SubscriptionTier.Free))
            .Should().Equal([SubscriptionTier.Enterprise, SubscriptionTier.Free], "repeating a tier changes and publishes nothing");
    }

    [Fact]
    public async Task A_tier_set_for_an_invalid_user_id_faults_instead_of_answering()
    {
        var client = fixture.Bus.CreateRequestClient<SetSubscriptionTier>();

        var act = () => client.GetResponse<SubscriptionTierSet>(new SetSubscriptionTier(new string('x', 201), SubscriptionTier.Pro));

        await act.Should().ThrowAsync<RequestFaultException>();
    }

    [Fact]
    public async Task A_seen_user_gets_an_account_with_the_token_email_and_keeps_their_tier()
    {
        var userId = $"user-{Guid.NewGuid():N}";

        await fixture.Bus.Publish(new UserSeen(userId, $"{userId}@example.com", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await _admin.GetAsync($"/api/credits/admin/accounts/{userId}")).IsSuccessStatusCode,
            BillingHost.Patience, $"an account for {userId}");
        await SetTierAsync(userId, SubscriptionTier.Pro);
        await fixture.Bus.Publish(new UserSeen(userId, $"new-{userId}@example.com", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await AccountAsync(userId)).GetProperty("email").GetString() == $"new-{userId}@example.com",
            BillingHost.Patience, "the new email");

        (await AccountAsync(userId)).GetProperty("tier").GetString().Should().Be("PRO");
        var found = await fixture.Bus.CreateRequestClient<FindAccounts>().GetResponse<AccountsFound>(new FindAccounts($"new-{userId}@example.com", 5));
        found.Message.Accounts.Should().ContainSingle().Which.UserId.Should().Be(userId);
    }

    private async Task<SubscriptionTierSet> SetTierAsync(string userId, SubscriptionTier tier) =>
        (await fixture.Bus.CreateRequestClient<SetSubscriptionTier>().GetResponse<SubscriptionTierSet>(new SetSubscriptionTier(userId, tier))).Message;

    private async Task<JsonElement> AccountAsync(string userId) =>
        await _admin.GetFromJsonAsync<JsonElement>($"/api/credits/admin/accounts/{userId}");
}
