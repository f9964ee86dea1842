using System.Net;
using System.Net.Sockets;

namespace Copilot.Executor.Tools.Web;

/// <summary>
/// Which IP addresses <c>web_fetch</c> must not reach: everything that is not the public internet (the executor's own
/// host, the cluster's network, the cloud metadata endpoint). Private ranges are refused because a model steered by a
/// page or a user could otherwise read internal services from inside the deployment (SSRF).
/// </summary>
public static class AddressPolicy
{
    /// <summary>NAT64 (64:ff9b::/96) carries an IPv4 address in its last 4 bytes and reaches it through a gateway.</summary>
    private static readonly byte[] Nat64Prefix = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>Why the address is refused ("loopback", "private", …), or null for a public address.</summary>
    public static string? RefusedKind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return RefusedKind(address.MapToIPv4());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IPv4Kind(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IPv6Kind(address),
            _ => "non-IP",
        };
    }

    private static string? IPv4Kind(byte[] b) => b switch
    {
        [0, ..] => "unspecified",
        [127, ..] => "loopback",
        [10, ..] => "private",
        [172, >= 16 and <= 31, ..] => "private",
        [192, 168, ..] => "private",
        [100, >= 64 and <= 127, ..] => "carrier-grade NAT (private)",
        [169, 254, ..] => "link-local",
        [>= 224 and <= 239, ..] => "multicast",
        [>= 240, ..] => "reserved",
        _ => null,
    };

    private static string? IPv6Kind(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "loopback";
        }

        if (address.IsIPv6LinkLocal)
        {
            return "link-local";
        }

        if (address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal)
        {
            return "unique-local (private)";
        }

        if (address.IsIPv6Multicast)
        {
            return "multicast";
        }

        var bytes = address.GetAddressBytes();
        return bytes.AsSpan(0, 12).SequenceEqual(Nat64Prefix) ? IPv4Kind(bytes[12..]) : null;
    }
}
