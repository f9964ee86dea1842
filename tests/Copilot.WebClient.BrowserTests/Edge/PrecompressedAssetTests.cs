using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace Copilot.WebClient.BrowserTests.Edge;

/// <summary>The gateway picks the precompressed sibling of a web client file that the browser accepts.</summary>
[Collection(EdgeCollection.Name)]
public sealed class PrecompressedAssetTests(EdgeFixture edge)
{
    [Theory]
    [InlineData("br, gzip", "br")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("gzip;q=1, br;q=0", "gzip")]
    [InlineData("identity", null)]
    public async Task An_asset_with_compressed_siblings_is_served_in_the_accepted_encoding(string acceptEncoding, string? expectedEncoding)
    {
        using var client = edge.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, EdgeFixture.CompressedAssetPath);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.Should().Equal(expectedEncoding is null ? [] : [expectedEncoding]);
        response.Content.Headers.ContentType?.MediaType.Should().Be("text/javascript");
        response.Headers.Vary.Should().Contain("Accept-Encoding");
        response.Headers.CacheControl?.ToString().Should().Be("public, max-age=31536000, immutable");
        var body = await response.Content.ReadAsByteArrayAsync();
        Decode(body, expectedEncoding).Should().Be(EdgeFixture.CompressedAssetText);
        if (expectedEncoding is not null)
        {
            body.Length.Should().BeLessThan(EdgeFixture.CompressedAssetText.Length / 4);
        }
    }

    [Fact]
    public async Task An_asset_without_siblings_is_served_as_it_is()
    {
        using var client = edge.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, EdgeFixture.AssetPath);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        using var response = await client.SendAsync(request);

        response.Content.Headers.ContentEncoding.Should().BeEmpty();
        response.Headers.Vary.Should().NotContain("Accept-Encoding");
        (await response.Content.ReadAsStringAsync()).Should().Be(EdgeFixture.AssetText);
    }

    private static string Decode(byte[] body, string? encoding)
    {
        using Stream raw = new MemoryStream(body);
        using Stream decoded = encoding switch
        {
            "br" => new BrotliStream(raw, CompressionMode.Decompress),
            "gzip" => new GZipStream(raw, CompressionMode.Decompress),
            _ => raw,
        };
        using var reader = new StreamReader(decoded);
        return reader.ReadToEnd();
    }
}
