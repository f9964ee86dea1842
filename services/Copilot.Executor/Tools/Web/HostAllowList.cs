using System.Net;

namespace Copilot.Executor.Tools.Web;

/// <summary>
/// <see cref="WebFetchOptions.AllowedHosts"/>, parsed: entries are <c>host</c> or <c>host:port</c>, IPv6 literals with
/// or without brackets. IP literals are compared in canonical form, so <c>[::0001]</c> matches <c>::1</c>.
/// </summary>
public sealed class HostAllowList
{
    private readonly HashSet<(string Host, int? Port)> _entries = [];

    public HostAllowList(IEnumerable<string> entries)
    {
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            _entries.Add(Parse(entry));
        }
    }

    public bool IsEmpty => _entries.Count == 0;

    public bool Allows(string host, int port)
    {
        var canonical = Canonical(host);
        return _entries.Contains((canonical, port)) || _entries.Contains((canonical, null));
    }

    private static (string Host, int? Port) Parse(string entry)
    {
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']');
            var rest = close < 0 ? "" : entry[(close + 1)..];
            return (Canonical(entry), rest.StartsWith(':') && int.TryParse(rest[1..], out var v6Port) ? v6Port : null);
        }

        // One colon is host:port; more are a bare IPv6 literal.
        var colon = entry.IndexOf(':');
        if (colon > 0 && colon == entry.LastIndexOf(':') && int.TryParse(entry[(colon + 1)..], out var port))
        {
            return (Canonical(entry[..colon]), port);
        }

        return (Canonical(entry), null);
    }

    /// <summary>Lower-case name, or an IP literal without brackets in its canonical text form.</summary>
    public static string Canonical(string host)
    {
        var bare = host.Trim();
        if (bare.StartsWith('['))
        {
            var close = bare.IndexOf(']');
            bare = close < 0 ? bare[1..] : bare[1..close];
        }

        return IPAddress.TryParse(bare, out var address) ? address.ToString() : bare.TrimEnd('.').ToLowerInvariant();
    }
}
