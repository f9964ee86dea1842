using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>
/// The host folders <c>bash_exec</c> mounts, one per user and session under <see cref="SandboxOptions.Root"/>:
/// created on use, removed when the session is deleted or has been idle past <see cref="SandboxOptions.IdleRetention"/>.
/// </summary>
public sealed partial class SandboxWorkspaces(IOptions<SandboxOptions> options, TimeProvider time, ILogger<SandboxWorkspaces> logger)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private string Root => options.Value.Root;

    /// <summary>The session's folder, created owner-only when missing; its time stamp says when it was last used.</summary>
    public string Use(string userId, Guid sessionId)
    {
        var path = PathOf(userId, sessionId);
        CreateOwnerOnly(path);
        Directory.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
        return path;
    }

    /// <summary>Every level it creates, the root included, is owner-only: the folders hold every user's files.</summary>
    public static void CreateOwnerOnly(string path)
    {
        // bubblewrap exists on Linux only, so elsewhere the probe has already refused and this is not reached.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The bubblewrap sandbox runs on Linux only.");
        }

        Directory.CreateDirectory(path, OwnerOnly);
    }

    /// <returns>Whether there was a folder to remove.</returns>
    public bool Remove(string userId, Guid sessionId)
    {
        var path = PathOf(userId, sessionId);
        if (!Directory.Exists(path))
        {
            return false;
        }

        Directory.Delete(path, recursive: true);
        RemoveIfEmpty(Path.GetDirectoryName(path)!);
        return true;
    }

    /// <summary>Removes every session folder unused for longer than the retention, and user folders left empty.</summary>
    /// <returns>How many session folders were removed.</returns>
    public int RemoveIdle()
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.IdleRetention;
        var removed = 0;
        foreach (var user in Directory.EnumerateDirectories(Root, "u-*"))
        {
            foreach (var session in Directory.EnumerateDirectories(user, "s-*"))
            {
                try
                {
                    if (Directory.GetLastWriteTimeUtc(session) < cutoff)
                    {
                        Directory.Delete(session, recursive: true);
                        removed++;
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // One folder that cannot go (a command still writing in it) must not stop the sweep.
                    LogSweepSkipped(exception, session);
                }
            }

            RemoveIfEmpty(user);
        }

        return removed;
    }

    private string PathOf(string userId, Guid sessionId)
    {
        // User ids come from tokens and may hold any character; a hash is a safe, fixed-length folder name.
        var user = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)))[..32];
        return Path.Combine(Root, $"u-{user}", $"s-{sessionId:N}");
    }

    private static void RemoveIfEmpty(string directory)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        catch (IOException)
        {
            // A session folder created in it meanwhile: the user folder stays, as it should.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox sweep could not remove {Folder}")]
    private partial void LogSweepSkipped(Exception exception, string folder);
}
