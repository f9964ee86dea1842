using System.ComponentModel.DataAnnotations;

namespace Copilot.Chat.Workspace;

/// <summary>Per-user workspace limits, enforced for uploads and for the model's own writes alike.</summary>
public sealed class WorkspaceOptions : IValidatableObject
{
    public const string SectionName = "Workspace";

    /// <summary>Room for the multipart boundary and part headers around the largest allowed file.</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    [Range(1, 1L << 30)]
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 1L << 40)]
    public long MaxTotalBytes { get; set; } = 100 * 1024 * 1024;

    [Range(1, 1_000_000)]
    public int MaxFileCount { get; set; } = 1_000;

    /// <summary>The request body limit of the upload endpoint: the largest file plus its multipart envelope.</summary>
    public long MaxUploadRequestBytes => MaxFileBytes + MultipartOverheadBytes;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxTotalBytes < MaxFileBytes)
        {
            yield return new ValidationResult("Workspace:MaxTotalBytes must be at least Workspace:MaxFileBytes.",
                [nameof(MaxTotalBytes), nameof(MaxFileBytes)]);
        }
    }
}
