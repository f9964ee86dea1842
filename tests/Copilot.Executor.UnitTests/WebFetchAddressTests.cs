using System.Net;
using Copilot.Executor.Tools.Web;

namespace Copilot.Executor.UnitTests;

public sealed class WebFetchAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT (private)")]
    [InlineData("100.127.255.254", "carrier-grade NAT (private)")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local (private)")]
    [InlineData("fd12:3456::1", "unique-local (private)")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.1.2.3", "private")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:192.168.0.10", "private")]
    [InlineData("64:ff9b::a00:1", "private")]
    public void Addresses_outside_the_public_internet_are_refused_with_their_kind(string address, string kind) =>
        AddressPolicy.RefusedKind(IPAddress.Parse(address)).Should().Be(kind);

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::6810:85e5")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) => AddressPolicy.RefusedKind(IPAddress.Parse(address)).Should().BeNull();

    [Theory]
    [InlineData("http://127.0.0.1/", "web_fetch refuses 127.0.0.1: loopback addresses are not reachable*")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "web_fetch refuses 169.254.169.254: link-local*")]
    [InlineData("http://[::ffff:10.0.0.1]/", "web_fetch refuses*private*")]
    [InlineData("http://[::1]:8080/", "web_fetch refuses ?::1]: loopback*")]
    [InlineData("http://localhost:5000/", "web_fetch refuses localhost: loopback*")]
    [InlineData("http://api.localhost/", "web_fetch refuses api.localhost: loopback*")]
    [InlineData("ftp://example.com/file", "web_fetch only fetches http and https URLs, not ftp ones.")]
    [InlineData("file:///etc/passwd", "web_fetch only fetches http and https URLs, not file ones.")]
    [InlineData("https://user:secret@example.com/", "web_fetch refuses URLs with credentials*")]
    public void Urls_are_refused_before_any_connection(string url, string message) =>
        ((Action)(() => UrlPolicy.Check(new Uri(url), new HostAllowList([])))).Should().Throw<WebFetchRefusedException>().WithMessage(message);

    [Theory]
    [InlineData("https://example.com/page")]
    [InlineData("http://93.184.215.14:8080/")]
    public void Public_urls_pass_the_check(string url) => UrlPolicy.Check(new Uri(url), new HostAllowList([]));

    [Theory]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/", true)]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5001/", false)]
    [InlineData("127.0.0.1", "http://127.0.0.1:5001/", true)]
    [InlineData("[::1]:8080", "http://[::1]:8080/", true)]
    [InlineData("::1", "http://[0:0::1]/", true)]
    [InlineData("Wiki.Internal", "http://wiki.internal/", true)]
    [InlineData("localhost:80", "http://localhost/", true)]
    [InlineData("10.0.0.1", "http://10.0.0.2/", false)]
    public void The_allow_list_overrides_the_refusal_for_its_hosts(string entry, string url, bool allowed)
    {
        var check = () => UrlPolicy.Check(new Uri(url), new HostAllowList([entry]));

        if (allowed)
        {
            check.Should().NotThrow();
        }
        else
        {
            check.Should().Throw<WebFetchRefusedException>();
        }
    }
}
