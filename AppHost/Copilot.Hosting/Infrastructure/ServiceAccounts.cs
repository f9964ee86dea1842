using Copilot.Hosting.Processes;

namespace Copilot.Hosting.Infrastructure;

/// <summary>
/// PostgreSQL refuses to run as root and RabbitMQ's Debian layout belongs to its own account, so when we are
/// root the servers run as their package's account; an unprivileged developer runs them as themself.
/// </summary>
internal static class ServiceAccounts
{
    public static string? RunAs(string account) => Environment.IsPrivilegedProcess ? account : null;

    /// <summary>Hands a directory tree to the account the server runs as.</summary>
    public static async Task GiveOwnershipAsync(string directory, string account, LogBuffer logs, CancellationToken cancellationToken)
    {
        if (RunAs(account) is null)
        {
            return;
        }

        var chown = new ProcessSpec { FileName = "chown", Arguments = ["-R", $"{account}:{account}", directory] };
        await OneShotCommand.RunAsync(chown, logs, cancellationToken);
    }
}
