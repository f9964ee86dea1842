using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.ChatApi.IntegrationTests;

[Collection(ChatStackCollection.Name)]
public sealed class WorkspaceApiTests(ChatStackFixture fixture)
{
    private static MultipartFormDataContent Form(string name, byte[] content, string? mimeType = "text/plain", string field = "file")
    {
        var file = new ByteArrayContent(content);
        if (mimeType is not null)
        {
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(mimeType);
        }

        return new MultipartFormDataContent { { file, field, name } };
    }

    private static Task<HttpResponseMessage> UploadAsync(ChatClient user, string name, byte[] content, string? mimeType = "text/plain") =>
        user.Http.PostAsync("/api/workspace/files", Form(name, content, mimeType));

    private static async Task<JsonElement> UploadOkAsync(ChatClient user, string name, string text, string mimeType = "text/plain")
    {
        var response = await UploadAsync(user, name, Encoding.UTF8.GetBytes(text), mimeType);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string?> DetailOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();

    [Fact]
    public async Task A_file_round_trips_through_upload_list_metadata_download_and_delete()
    {
        using var user = fixture.NewUser();

        var upload = await UploadAsync(user, "notes.md", Encoding.UTF8.GetBytes("# Notes\nbuy milk\n"), mimeType: null);
        upload.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await upload.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        upload.Headers.Location!.ToString().Should().Be($"/api/workspace/files/{id}");
        created.GetProperty("name").GetString().Should().Be("notes.md");
        created.GetProperty("mime_type").GetString().Should().Be("text/markdown", "a part without a type is typed by its extension");
        created.GetProperty("size_bytes").GetInt64().Should().Be(17);

        var list = await user.Http.GetFromJsonAsync<JsonElement>("/api/workspace/files");
        list.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("id").GetGuid()).Should().Equal(id);
        list.GetProperty("total").GetInt32().Should().Be(1);
        list.GetProperty("quota").GetProperty("used_bytes").GetInt64().Should().Be(17);
        list.GetProperty("quota").GetProperty("max_bytes").GetInt64().Should().Be(ChatStackFixture.MaxTotalBytes);

        var metadata = await user.Http.GetFromJsonAsync<JsonElement>($"/api/workspace/files/{id}");
        metadata.GetProperty("name").GetString().Should().Be("notes.md");

        using var download = await user.Http.GetAsync($"/api/workspace/files/{id}/content");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("text/markdown");
        download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        download.Content.Headers.ContentDisposition.FileName.Should().Be("notes.md");
        (await download.Content.ReadAsStringAsync()).Should().Be("# Notes\nbuy milk\n");

        var delete = await user.Http.DeleteAsync($"/api/workspace/files/{id}");
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await user.Http.GetAsync($"/api/workspace/files/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await user.Http.GetAsync($"/api/workspace/files/{id}/content")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await user.Http.DeleteAsync($"/api/workspace/files/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await user.Http.GetFromJsonAsync<JsonElement>("/api/workspace/files")).GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_file_larger_than_the_service_wide_body_limit_uploads_whole()
    {
        using var user = fixture.NewUser();
        var content = new byte[(int)ChatStackFixture.MaxFileBytes];
        Random.Shared.NextBytes(content);

        var upload = await UploadAsync(user, "photo.png", content, "image/png");

        upload.StatusCode.Should().Be(HttpStatusCode.Created, "the upload endpoint has its own limit above the 1 MiB default");
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await user.Http.GetByteArrayAsync($"/api/workspace/files/{id}/content")).Should().Equal(content);
    }

    [Fact]
    public async Task Uploading_a_name_again_replaces_that_file_and_keeps_its_id()
    {
        using var user = fixture.NewUser();
        var first = await UploadOkAsync(user, "todo.txt", "one");

        var again = await UploadAsync(user, "todo.txt", Encoding.UTF8.GetBytes("one\ntwo"));

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        var replaced = await again.Content.ReadFromJsonAsync<JsonElement>();
        replaced.GetProperty("id").GetGuid().Should().Be(first.GetProperty("id").GetGuid());
        replaced.GetProperty("size_bytes").GetInt64().Should().Be(7);
        (await user.Http.GetStringAsync($"/api/workspace/files/{replaced.GetProperty("id").GetGuid()}/content")).Should().Be("one\ntwo");
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/content")]
    [InlineData("DELETE", "")]
    public async Task Another_users_file_is_indistinguishable_from_a_missing_one(string method, string suffix)
    {
        using var owner = fixture.NewUser();
        using var intruder = fixture.NewUser();
        var id = (await UploadOkAsync(owner, "private.txt", "mine")).GetProperty("id").GetGuid();
        var missingId = Guid.NewGuid();

        var foreign = await intruder.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/workspace/files/{id}{suffix}"));
        var missing = await intruder.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/workspace/files/{missingId}{suffix}"));

        foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await DetailOf(foreign)).Should().Be($"File {id} not found or access denied");
        (await DetailOf(missing)).Should().Be($"File {missingId} not found or access denied");
        (await owner.Http.GetStringAsync($"/api/workspace/files/{id}/content")).Should().Be("mine", "the intruder changed nothing");
    }

    [Fact]
    public async Task An_oversize_file_is_413_with_the_limit_in_the_detail()
    {
        using var user = fixture.NewUser();

        var justOver = await UploadAsync(user, "big.bin", new byte[ChatStackFixture.MaxFileBytes + 1], "application/octet-stream");
        // Refused from the declared length alone: with 100-continue the client never sends the body (without it, the
        // server answers 413 and closes the connection while the client may still be writing).
        var farOverRequest = new HttpRequestMessage(HttpMethod.Post, "/api/workspace/files")
        {
            Content = Form("huge.bin", new byte[2 * ChatStackFixture.MaxFileBytes], "application/octet-stream"),
            Headers = { ExpectContinue = true },
        };
        var farOver = await user.Http.SendAsync(farOverRequest);

        justOver.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await DetailOf(justOver)).Should().Be("The file is 3 MiB (3145729 bytes); the limit is 3 MiB (3145728 bytes) per file.");
        farOver.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, "the body limit stops it before it is read");
        farOver.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await user.Http.GetFromJsonAsync<JsonElement>("/api/workspace/files")).GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Uploads_beyond_the_total_quota_are_refused_with_409()
    {
        using var user = fixture.NewUser();
        var large = new byte[ChatStackFixture.MaxFileBytes];
        (await UploadAsync(user, "a.bin", large)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await UploadAsync(user, "b.bin", large)).StatusCode.Should().Be(HttpStatusCode.Created);

        var third = await UploadAsync(user, "c.bin", large);

        third.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await DetailOf(third)).Should().Be("The workspace quota is 8 MiB and 6 MiB is used; a file of 3 MiB does not fit. Delete some files first.");
    }

    [Fact]
    public async Task Uploads_beyond_the_file_count_are_refused_with_409()
    {
        using var user = fixture.NewUser();
        for (var i = 0; i < ChatStackFixture.MaxFileCount; i++)
        {
            await UploadOkAsync(user, $"f{i}.txt", "x");
        }

        var oneMore = await UploadAsync(user, "one-more.txt", "x"u8.ToArray());

        oneMore.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await DetailOf(oneMore)).Should().Contain("already holds 5 files");
    }

    [Fact]
    public async Task A_form_without_a_file_field_is_400_and_a_json_body_is_415()
    {
        using var user = fixture.NewUser();

        var wrongField = await user.Http.PostAsync("/api/workspace/files", Form("a.txt", "x"u8.ToArray(), field: "attachment"));
        var json = await user.Http.PostAsJsonAsync("/api/workspace/files", new { name = "a.txt" });

        wrongField.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await DetailOf(wrongField)).Should().Contain("no 'file' field");
        json.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Invalid_paging_is_422_and_anonymous_calls_are_401()
    {
        using var user = fixture.NewUser();
        using var anonymous = new HttpClient { BaseAddress = fixture.Stack.EntryAddress };

        (await user.Http.GetAsync("/api/workspace/files?limit=0")).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await anonymous.GetAsync("/api/workspace/files")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task File_ids_on_a_message_attach_the_uploaded_file_to_the_stored_user_message()
    {
        using var user = fixture.NewUser();
        using var other = fixture.NewUser();
        var file = await UploadOkAsync(user, "data.csv", "a,b\n1,2\n", "text/csv");
        var foreign = await UploadOkAsync(other, "theirs.csv", "x", "text/csv");
        var session = await user.CreateSessionAsync();
        var id = file.GetProperty("id").GetGuid();

        await user.ChatAsync(session, new
        {
            message = "summarise this [sim:ttft=0]",
            file_ids = new[] { id.ToString(), foreign.GetProperty("id").GetString(), "not-a-uuid" },
        });

        var stored = (await user.GetSessionAsync(session)).GetProperty("messages")[0].GetProperty("content").GetString();
        stored.Should().Be("summarise this [sim:ttft=0]\n\n[Attached files]\n"
            + $"- data.csv (text/csv, 0.0 KB), file_id={id}\n"
            + "Use read_workspace_file with the file_id to access file contents.");
    }
}
