using System.ComponentModel.DataAnnotations;

namespace Copilot.ServiceDefaults.Telemetry;

/// <summary>Configuration section <c>ServerTiming</c>: the name of this process's entry in the <c>Server-Timing</c> header.</summary>
public sealed class ServerTimingOptions
{
    public const string SectionName = "ServerTiming";

    /// <summary><c>app</c> for services; the gateway names itself so the upstream's <c>app</c> entry stays distinct.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", ErrorMessage = "ServerTiming:MetricName must be an HTTP token.")]
    public string MetricName { get; set; } = "app";
}
