namespace Copilot.Executor.Tools.Web;

/// <summary>A URL or address <c>web_fetch</c> will not reach; the message is the reason the model reads.</summary>
public sealed class WebFetchRefusedException(string message) : Exception(message)
{
    public static WebFetchRefusedException ForAddress(string host, System.Net.IPAddress address, string kind)
    {
        var what = HostAllowList.Canonical(host) == address.ToString() ? host : $"{host} ({address})";
        return new WebFetchRefusedException(
            $"web_fetch refuses {what}: {kind} addresses are not reachable from the copilot. Only public web addresses can be fetched.");
    }
}
