using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Billing.IntegrationTests.Support;
using Copilot.Contracts;
using MassTransit;
using Npgsql;

namespace Copilot.Billing.IntegrationTests;

/// <summary>
/// Amounts the ledger cannot hold: a grant above the maximum of 1 000 000 000 cents, or one that would take the
/// balance past the range of a 64-bit count of cents, is refused and changes nothing (issue 14: granting
/// 9223372036854775807 twice left a balance of -2).
/// </summary>
[Collection(BillingCollection.Name)]
public sealed class CreditAmountLimitTests(BillingFixture fixture)
{
    private const string GrantPath = "/api/credits/admin/grant";
    private const long MaxAmountCents = 1_000_000_000;

    [Fact]
    public async Task Granting_the_largest_long_twice_is_refused_with_a_422_naming_amount_cents_and_leaves_the_balance_untouched()
    {
        using var user = fixture.NewUser();
        using var admin = fixture.Billing.CreateClient("admin-tests", "admin");

        foreach (var attempt in new[] { "first", "second" })
        {
            using var response = await admin.PostAsJsonAsync(GrantPath, new { user_id = user.UserId, amount_cents = long.MaxValue, idempotency_key = attempt });
            await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity,
                "amount_cents must be between 1 and 1000000000 cents (the largest single grant, $10,000,000)");
        }

        (await user.BalanceAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_grant_of_exactly_the_maximum_is_applied_and_one_cent_more_is_a_422()
    {
        using var user = fixture.NewUser();
        using var admin = fixture.Billing.CreateClient("admin-tests", "admin");

        using var over = await admin.PostAsJsonAsync(GrantPath, new { user_id = user.UserId, amount_cents = MaxAmountCents + 1 });
        using var exact = await admin.PostAsJsonAsync(GrantPath, new { user_id = user.UserId, amount_cents = MaxAmountCents });

        over.StatusCode.Should().Be((HttpStatusCode)422);
        exact.StatusCode.Should().Be(HttpStatusCode.OK);
        (await exact.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance_cents").GetInt64().Should().Be(MaxAmountCents);
    }

    [Fact]
    public async Task A_grant_the_balance_cannot_hold_is_a_409_and_records_nothing()
    {
        using var user = fixture.NewUser();
        using var admin = fixture.Billing.CreateClient("admin-tests", "admin");
        await BillingAdmin.GrantAsync(fixture.Billing, user.UserId, 1);
        await SetBalanceAsync(user.UserId, long.MaxValue - 10);

        using var response = await admin.PostAsJsonAsync(GrantPath, new { user_id = user.UserId, amount_cents = 11 });

        await Problem.AssertAsync(response, HttpStatusCode.Conflict,
            $"amount_cents 11 would take the balance of {long.MaxValue - 10} cents past the largest balance the ledger can hold");
        (await user.BalanceAsync()).Should().Be(long.MaxValue - 10);
        (await TransactionCountAsync(user.UserId)).Should().Be(1, "only the first grant was recorded");
    }

    [Fact]
    public async Task A_spend_request_above_the_maximum_faults_at_once_and_is_not_retried()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.GrantAsync(fixture.Billing, user.UserId, 1000);
        var client = fixture.Bus.CreateRequestClient<SpendCredits>();
        var clock = Stopwatch.StartNew();

        var act = () => client.GetResponse<CreditsSpent, InsufficientCredits>(
            new SpendCredits(user.UserId, long.MaxValue, "reset-huge", "paid daily reset"));

        (await act.Should().ThrowAsync<RequestFaultException>()).Which.Fault!.Exceptions
            .Should().ContainSingle().Which.ExceptionType.Should().Be(typeof(ArgumentOutOfRangeException).FullName);
        // The retry policy waits 100 + 500 + 1000 + 2000 ms between attempts; a fault well before that was not retried.
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
        (await user.BalanceAsync()).Should().Be(1000);
    }

    [Fact]
    public async Task A_refund_the_balance_cannot_hold_faults_without_retries_and_changes_nothing()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.GrantAsync(fixture.Billing, user.UserId, 1);
        await SetBalanceAsync(user.UserId, long.MaxValue - 100);
        var client = fixture.Bus.CreateRequestClient<RefundCredits>();

        var act = () => client.GetResponse<CreditsRefunded>(new RefundCredits(user.UserId, 500, "reset-1", "reset failed"));

        (await act.Should().ThrowAsync<RequestFaultException>()).Which.Fault!.Exceptions
            .Should().ContainSingle().Which.ExceptionType.Should().Be("Copilot.Billing.Messaging.CreditRequestRefusedException");
        (await user.BalanceAsync()).Should().Be(long.MaxValue - 100);
    }

    /// <summary>A balance no API can produce any more, as one written before the ledger checked its sums could be.</summary>
    private async Task SetBalanceAsync(string userId, long balanceCents)
    {
        await using var connection = new NpgsqlConnection(fixture.Billing.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE billing_accounts SET balance_cents = @balance WHERE user_id = @user", connection);
        command.Parameters.AddWithValue("balance", balanceCents);
        command.Parameters.AddWithValue("user", userId);
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }

    private async Task<long> TransactionCountAsync(string userId)
    {
        await using var connection = new NpgsqlConnection(fixture.Billing.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM credit_transactions WHERE user_id = @user", connection);
        command.Parameters.AddWithValue("user", userId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
