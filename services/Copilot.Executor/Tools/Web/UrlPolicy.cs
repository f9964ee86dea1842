using System.Net;

namespace Copilot.Executor.Tools.Web;

/// <summary>
/// Checks on a URL before any connection (the first one and every redirect hop): the scheme, credentials, and hosts
/// whose address is known without DNS (IP literals, <c>localhost</c>). Names that need DNS are checked again, on the
/// addresses actually used, by <see cref="SafeConnector"/>; this check only makes the common refusals immediate.
/// </summary>
public static class UrlPolicy
{
    /// <exception cref="WebFetchRefusedException">The URL must not be fetched; the message says why.</exception>
    public static void Check(Uri url, HostAllowList allowed)
    {
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new WebFetchRefusedException($"web_fetch only fetches http and https URLs, not {url.Scheme} ones.");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new WebFetchRefusedException("web_fetch refuses URLs with credentials in them (user:password@host); fetch public pages only.");
        }

        if (allowed.Allows(url.IdnHost, url.Port))
        {
            return;
        }

        var host = HostAllowList.Canonical(url.IdnHost);
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(host, out var address))
        {
            if (AddressPolicy.RefusedKind(address) is { } kind)
            {
                throw WebFetchRefusedException.ForAddress(url.Host, address, kind);
            }
        }
        else if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
        {
            // RFC 6761: these names always mean this machine, whatever DNS says.
            throw new WebFetchRefusedException($"web_fetch refuses {url.Host}: loopback addresses are not reachable from the copilot. Only public web addresses can be fetched.");
        }
    }
}
