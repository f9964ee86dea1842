using System.Security.Claims;
using Copilot.Contracts;
using Copilot.Messaging;
using Copilot.ServiceDefaults.Authentication;
using MassTransit;
using Microsoft.Extensions.Caching.Memory;

namespace Copilot.ChatApi.Users;

/// <summary>
/// Tells billing about every user chat-api serves (<see cref="UserSeen"/>), so admin lookups by id or email find users
/// who only chat. Cheap on the request path: an in-memory set remembers who was reported within the last hour, and the
/// publish runs in the background, so a slow or absent broker never delays a request; a failed report is retried with
/// the user's next request.
/// </summary>
public sealed partial class UserSeenReporter(IBus bus, TimeProvider time, ILogger<UserSeenReporter> logger) : IDisposable
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromHours(1);

    // Bounded, so a flood of distinct users cannot grow memory without limit; an evicted user is merely reported again.
    private readonly MemoryCache _reported = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public void Report(ClaimsPrincipal user)
    {
        if (user.FindFirstValue("sub") is not { Length: > 0 } userId)
        {
            return;
        }

        // The email is part of the key so a changed email reaches billing without waiting out the hour.
        var email = user.FindFirstValue("email");
        var key = (userId, email);
        if (_reported.TryGetValue(key, out _))
        {
            return;
        }

        _reported.Set(key, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ReportInterval });
        _ = PublishAsync(key, new UserSeen(userId, email, time.GetUtcNow()));
    }

    private async Task PublishAsync(object key, UserSeen seen)
    {
        using var deadline = PublishDeadline.Start();
        try
        {
            await bus.Publish(seen, deadline.Token);
        }
        catch (Exception exception)
        {
            _reported.Remove(key);
            LogPublishFailed(logger, exception, seen.UserId);
        }
    }

    public void Dispose() => _reported.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report user {UserId} to billing; the next request retries")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string userId);
}

public static class UserSeenReporterExtensions
{
    /// <summary>After authorization, so internal callers (the internal API key's principal) are never reported as users.</summary>
    public static IApplicationBuilder UseUserSeenReports(this IApplicationBuilder app)
    {
        var reporter = app.ApplicationServices.GetRequiredService<UserSeenReporter>();
        return app.Use((context, next) =>
        {
            if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: not InternalApiKey.Scheme })
            {
                reporter.Report(context.User);
            }

            return next(context);
        });
    }
}
