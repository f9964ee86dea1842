using System.Globalization;

namespace Copilot.Chat.Workspace;

/// <summary>The per-file and per-user limits, as a pure decision over the user's current usage.</summary>
public static class WorkspaceQuota
{
    /// <param name="replacedBytes">The size of the file this write replaces, or null when it creates a file.</param>
    /// <returns>Why the write is refused, or null when it fits.</returns>
    public static WorkspaceWriteRefused? Check(WorkspaceOptions limits, WorkspaceUsage usage, long newBytes, long? replacedBytes)
    {
        if (CheckFileSize(limits, newBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        if (replacedBytes is null && usage.FileCount >= limits.MaxFileCount)
        {
            return new WorkspaceWriteRefused(WorkspaceRefusal.QuotaExceeded,
                $"The workspace already holds {usage.FileCount} files, the limit; delete some first.");
        }

        var usedAfter = usage.UsedBytes - (replacedBytes ?? 0) + newBytes;
        return usedAfter > limits.MaxTotalBytes
            ? new WorkspaceWriteRefused(WorkspaceRefusal.QuotaExceeded,
                $"The workspace quota is {Format(limits.MaxTotalBytes)} and {Format(usage.UsedBytes)} is used; "
                + $"a file of {Format(newBytes)} does not fit. Delete some files first.")
            : null;
    }

    /// <returns>Why a file of <paramref name="bytes"/> is refused whatever the user's usage, or null when its size is allowed.</returns>
    public static WorkspaceWriteRefused? CheckFileSize(WorkspaceOptions limits, long bytes) =>
        bytes > limits.MaxFileBytes
            ? new WorkspaceWriteRefused(WorkspaceRefusal.FileTooLarge,
                $"The file is {FormatExactly(bytes)}; the limit is {FormatExactly(limits.MaxFileBytes)} per file.")
            : null;

    /// <summary>A rounded size plus the exact byte count, for when rounding would hide the difference (3 MiB vs 3 MiB + 1 byte).</summary>
    public static string FormatExactly(long bytes) =>
        bytes < 1024 ? Format(bytes) : string.Create(CultureInfo.InvariantCulture, $"{Format(bytes)} ({bytes} bytes)");

    /// <summary>A size for people and models: bytes below 1 KiB, else KiB or MiB with one decimal.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };
}
