using System.ComponentModel.DataAnnotations;

namespace Copilot.Chat.Memories;

public sealed class MemoryOptions
{
    public const string SectionName = "Memory";

    /// <summary>A memory is a fact or a preference, not a document (documents belong in the workspace).</summary>
    [Range(1, 100_000)]
    public int MaxContentLength { get; set; } = 2_000;

    [Range(1, 1_000_000)]
    public int MaxMemoriesPerUser { get; set; } = 1_000;
}
