using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Copilot.Billing.IntegrationTests.Support;

public static class Problem
{
    /// <summary>The response is an RFC 7807 problem with exactly this status and detail.</summary>
    public static async Task AssertAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString().Should().Be(detail);
    }
}
