using System.ComponentModel.DataAnnotations;

namespace Copilot.Executor.Tools.Web;

/// <summary>The <c>web_fetch</c> tool (section <c>Executor:WebFetch</c>).</summary>
public sealed class WebFetchOptions
{
    public const string SectionName = "Executor:WebFetch";

    /// <summary>False leaves the tool out of the executor, so the model never sees it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The whole fetch (every redirect hop and the body read) must finish within this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The (decompressed) body is read up to this many bytes; the rest is left unread and the answer says truncated.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 2 * 1024 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Hosts reachable even though they are loopback, private or link-local: a name or IP literal, optionally with
    /// <c>:port</c> (<c>wiki.internal</c>, <c>10.1.2.3:8080</c>, <c>[fd00::1]:443</c>). Without a port every port is allowed.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    [Required]
    public string UserAgent { get; set; } = "CopilotWebFetch/1.0";
}
