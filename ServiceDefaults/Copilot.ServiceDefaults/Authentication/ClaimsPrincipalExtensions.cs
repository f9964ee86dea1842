using System.Security.Claims;

namespace Copilot.ServiceDefaults.Authentication;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's user id (the token's <c>sub</c>); endpoints only run for authenticated callers, so it is always present there.</summary>
    public static string GetUserId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue("sub") ?? throw new InvalidOperationException("Authenticated principal has no 'sub' claim.");
}
