using Copilot.Billing.Data;
using Copilot.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Messaging;

/// <summary>
/// Admin user search for the usage service: user id or email containing the query (case-insensitive). Exact matches
/// come first, because usage also uses the search to look one user up by id or email: with more near matches than the
/// limit, the one asked for must not be cut off.
/// </summary>
public sealed class FindAccountsConsumer(BillingDbContext db) : IConsumer<FindAccounts>
{
    public const int MaxLimit = 50;

    public async Task Consume(ConsumeContext<FindAccounts> context)
    {
        var query = context.Message.Query?.Trim() ?? "";
        if (query.Length == 0)
        {
            await context.RespondAsync(new AccountsFound([]));
            return;
        }

        // LIKE wildcards in the query are matched literally.
        var literal = query.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
        var pattern = "%" + literal + "%";
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => EF.Functions.ILike(a.UserId, pattern) || (a.Email != null && EF.Functions.ILike(a.Email, pattern)))
            .OrderByDescending(a => a.UserId == query || (a.Email != null && EF.Functions.ILike(a.Email, literal)))
            .ThenBy(a => a.UserId)
            .Take(Math.Clamp(context.Message.Limit, 1, MaxLimit))
            .Select(a => new AccountSummary(a.UserId, a.Email, a.Tier))
            .ToListAsync(context.CancellationToken);
        await context.RespondAsync(new AccountsFound(accounts));
    }
}
