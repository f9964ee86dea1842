using System.Text;
using Copilot.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Copilot.Chat.Workspace;

/// <summary>What a workspace file's name and media type may be, and how a missing media type is inferred.</summary>
public static class WorkspaceFileRules
{
    public const int MaxNameLength = 255;
    public const int MaxMimeTypeLength = 200;
    public const string BinaryMimeType = "application/octet-stream";
    public const string TextMimeType = "text/plain";

    private static readonly FileExtensionContentTypeProvider KnownExtensions = CreateKnownExtensions();

    /// <returns>Why <paramref name="name"/> cannot name a file, or null when it can.</returns>
    public static string? ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "The file name must not be empty.";
        }

        if (name.Length > MaxNameLength)
        {
            return $"The file name may be at most {MaxNameLength} characters.";
        }

        if (name != name.Trim())
        {
            return "The file name must not start or end with whitespace.";
        }

        if (name.Any(char.IsControl))
        {
            return "The file name must not contain control characters.";
        }

        return TextRules.FindProblem(name) is { } problem ? $"The file name {problem}." : null;
    }

    /// <returns>Why <paramref name="mimeType"/> is not a usable media type, or null when it is.</returns>
    /// <remarks>It must be ASCII: it is served back as a Content-Type header, which holds nothing else.</remarks>
    public static string? ValidateMimeType(string mimeType) =>
        mimeType.Length <= MaxMimeTypeLength
        && Ascii.IsValid(mimeType)
        && !mimeType.Any(char.IsControl)
        && MediaTypeHeaderValue.TryParse(mimeType, out var parsed)
        && !parsed.MatchesAllTypes && !parsed.MatchesAllSubTypes
            ? null
            : $"'{mimeType}' is not a media type such as text/markdown or image/png.";

    /// <summary>
    /// The given type when it says something, else the one the name's extension implies, else
    /// <paramref name="fallback"/> (browsers send application/octet-stream for extensions they do not know).
    /// </summary>
    /// <remarks>
    /// A given type keeps only its type/subtype and charset: other parameters say nothing the workspace uses, and a
    /// parameter with non-ASCII text once made a stored file impossible to download.
    /// </remarks>
    public static string ResolveMimeType(string name, string? given, string fallback) =>
        !string.IsNullOrWhiteSpace(given) && !string.Equals(given, BinaryMimeType, StringComparison.OrdinalIgnoreCase)
            ? Normalize(given.Trim())
            : KnownExtensions.TryGetContentType(name, out var inferred) ? inferred : fallback;

    /// <summary>What a stored file is served as: its media type, or binary for one stored before the ASCII rule.</summary>
    public static string ServableMimeType(string stored) => ValidateMimeType(stored) is null ? stored : BinaryMimeType;

    private static string Normalize(string mimeType)
    {
        if (!MediaTypeHeaderValue.TryParse(mimeType, out var parsed) || !Ascii.IsValid(parsed.MediaType.AsSpan()))
        {
            return mimeType;
        }

        var charset = parsed.Charset.Value;
        return charset is { Length: > 0 } && Ascii.IsValid(charset) && !charset.Any(char.IsControl)
            ? $"{parsed.MediaType}; charset={charset}"
            : parsed.MediaType.ToString();
    }

    private static FileExtensionContentTypeProvider CreateKnownExtensions()
    {
        var provider = new FileExtensionContentTypeProvider();
        // Files the model writes are mostly source and notes; the provider leaves some of them out.
        provider.Mappings[".md"] = "text/markdown";
        provider.Mappings[".py"] = "text/x-python";
        provider.Mappings[".ts"] = "text/typescript";
        provider.Mappings[".yaml"] = "application/yaml";
        provider.Mappings[".yml"] = "application/yaml";
        provider.Mappings[".toml"] = "application/toml";
        return provider;
    }
}
