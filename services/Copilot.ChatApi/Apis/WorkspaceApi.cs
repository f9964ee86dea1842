using System.Security.Claims;
using Copilot.Chat.Workspace;
using Copilot.ChatApi.Models;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Copilot.ChatApi.Apis;

/// <summary>
/// The user's workspace files: upload, list, metadata, download and delete. Uploading a name the user already has
/// replaces that file's content and keeps its id (200 instead of 201).
/// </summary>
public static class WorkspaceApi
{
    public const string FileField = "file";

    public static IEndpointRouteBuilder MapWorkspaceApi(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<WorkspaceOptions>>().Value;
        var files = app.MapGroup("/api/workspace/files").WithTags("Workspace");

        // Only this endpoint takes bodies above the service-wide limit: the largest file plus its multipart envelope.
        files.MapPost("/", Upload)
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxUploadRequestBytes))
            .Accepts<IFormFile>("multipart/form-data");
        files.MapGet("/", List);
        files.MapGet("/{fileId:guid}", GetMetadata);
        files.MapGet("/{fileId:guid}/content", Download);
        files.MapDelete("/{fileId:guid}", Delete);
        return app;
    }

    public static async Task<Results<Created<WorkspaceFileResponse>, Ok<WorkspaceFileResponse>, ProblemHttpResult>> Upload(
        HttpRequest request, ClaimsPrincipal user, WorkspaceFiles files, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(detail: $"Upload the file as multipart/form-data in a field named '{FileField}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or (IOException and not BadHttpRequestException))
        {
            // A body without its boundaries, or cut short, ends the form reader's stream early (a body over the size
            // limit is a BadHttpRequestException, itself an IOException, and keeps its 413).
            return TypedResults.Problem(detail: "The multipart/form-data body is malformed.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (form.Files.GetFile(FileField) is not { } upload)
        {
            return TypedResults.Problem(detail: $"The form has no '{FileField}' field: send the file as multipart/form-data field '{FileField}'.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        // Some clients send the path the file had on their machine; only its last segment names the file.
        var name = upload.FileName[(upload.FileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var content = new byte[upload.Length];
        await using (var stream = upload.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        var mimeType = WorkspaceFileRules.ResolveMimeType(name, upload.ContentType, WorkspaceFileRules.BinaryMimeType);
        return await files.WriteAsync(user.GetUserId(), new WorkspaceWrite(name, mimeType, content), cancellationToken) switch
        {
            WorkspaceFileSaved { Replaced: true } saved => TypedResults.Ok(WorkspaceFileResponse.From(saved.File)),
            WorkspaceFileSaved saved => TypedResults.Created($"/api/workspace/files/{saved.File.Id}", WorkspaceFileResponse.From(saved.File)),
            WorkspaceWriteRefused refused => Refused(refused),
            var other => throw new InvalidOperationException($"Unexpected write result {other}."),
        };
    }

    public static async Task<Results<Ok<WorkspaceFileListResponse>, ProblemHttpResult>> List(
        ClaimsPrincipal user, WorkspaceFiles files, CancellationToken cancellationToken, int limit = 50, int offset = 0)
    {
        if (limit is < 1 or > 100 || offset < 0)
        {
            return Problems.Validation("limit must be between 1 and 100 and offset must not be negative.");
        }

        var page = await files.ListAsync(user.GetUserId(), limit, offset, cancellationToken);
        return TypedResults.Ok(new WorkspaceFileListResponse(
            [.. page.Files.Select(WorkspaceFileResponse.From)], page.Total, WorkspaceQuotaResponse.From(page.Usage)));
    }

    public static async Task<Results<Ok<WorkspaceFileResponse>, ProblemHttpResult>> GetMetadata(
        Guid fileId, ClaimsPrincipal user, WorkspaceFiles files, CancellationToken cancellationToken) =>
        await files.GetInfoAsync(user.GetUserId(), fileId, cancellationToken) is { } file
            ? TypedResults.Ok(WorkspaceFileResponse.From(file))
            : FileNotFound(fileId);

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(
        Guid fileId, ClaimsPrincipal user, WorkspaceFiles files, CancellationToken cancellationToken) =>
        await files.ReadAsync(user.GetUserId(), fileId, cancellationToken) is { } file
            // Always an attachment: a user's file must never render as a page of this origin.
            ? TypedResults.File(file.Content, WorkspaceFileRules.ServableMimeType(file.Info.MimeType), fileDownloadName: file.Info.Name, lastModified: file.Info.UpdatedAt)
            : FileNotFound(fileId);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid fileId, ClaimsPrincipal user, WorkspaceFiles files, CancellationToken cancellationToken) =>
        await files.DeleteAsync(user.GetUserId(), fileId, cancellationToken) ? TypedResults.NoContent() : FileNotFound(fileId);

    /// <summary>A file owned by someone else is reported exactly like a missing one.</summary>
    private static ProblemHttpResult FileNotFound(Guid fileId) =>
        TypedResults.Problem(detail: $"File {fileId} not found or access denied", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Refused(WorkspaceWriteRefused refused) => TypedResults.Problem(
        detail: refused.Detail,
        statusCode: refused.Reason switch
        {
            WorkspaceRefusal.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
            WorkspaceRefusal.QuotaExceeded => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        });
}
