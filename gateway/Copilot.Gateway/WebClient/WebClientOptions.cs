namespace Copilot.Gateway.WebClient;

/// <summary>Where the built web client (<c>web/dist</c>) is served from (configuration section <c>WebClient</c>).</summary>
public sealed class WebClientOptions
{
    public const string SectionName = "WebClient";

    /// <summary>
    /// The directory holding <c>index.html</c> and <c>assets/</c>. A relative path is resolved against the gateway's
    /// binaries, where the build copies <c>web/dist</c> as <c>wwwroot</c>.
    /// </summary>
    public string Root { get; set; } = "wwwroot";

    public string ResolvedRoot => Path.GetFullPath(Path.IsPathRooted(Root) ? Root : Path.Combine(AppContext.BaseDirectory, Root));
}
