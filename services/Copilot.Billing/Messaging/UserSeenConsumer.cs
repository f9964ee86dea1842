using Copilot.Billing.Accounts;
using Copilot.Contracts;
using MassTransit;

namespace Copilot.Billing.Messaging;

/// <summary>
/// Every user chat-api sees gets an account (with the token's email), so admin lookups by id or email find users who
/// never opened a billing page.
/// </summary>
public sealed partial class UserSeenConsumer(AccountStore accounts, ILogger<UserSeenConsumer> logger) : IConsumer<UserSeen>
{
    public async Task Consume(ConsumeContext<UserSeen> context)
    {
        var seen = context.Message;
        if (string.IsNullOrWhiteSpace(seen.UserId) || seen.UserId.Length > AccountStore.MaxUserIdLength)
        {
            // An event, not a request: nobody waits for a fault, and a redelivery would not make the id fit.
            LogIgnored(logger, seen.UserId?.Length ?? 0);
            return;
        }

        var email = seen.Email is { Length: > 0 and <= AccountStore.MaxEmailLength } ? seen.Email : null;
        await accounts.GetOrCreateAsync(seen.UserId, email, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored UserSeen with an empty or over-long user id ({Length} characters)")]
    private static partial void LogIgnored(ILogger logger, int length);
}
