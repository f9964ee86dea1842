using System.ComponentModel.DataAnnotations;
using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim;

/// <summary>Defaults of every simulated generation; markers in the last user message override them per request.</summary>
public sealed class LlmSimOptions : IValidatableObject
{
    public const string SectionName = "LlmSim";

    [Range(0, 600_000)]
    public int TimeToFirstTokenMs { get; set; } = 200;

    [Range(0, 60_000)]
    public int InterTokenDelayMs { get; set; } = 20;

    [Range(typeof(decimal), "0", "1000000")]
    public decimal CostPerMillionPromptTokensUsd { get; set; } = 3m;

    [Range(typeof(decimal), "0", "1000000")]
    public decimal CostPerMillionCompletionTokensUsd { get; set; } = 15m;

    /// <summary>Marker body (<c>NAME</c> or <c>NAME=ARG</c>, as inside <c>[sim:…]</c>) used when a request selects no scenario.</summary>
    [Required]
    public string DefaultScenario { get; set; } = "echo";

    /// <summary>Listed by <c>GET /v1/models</c>; the first one names responses to requests that send no model.</summary>
    [MinLength(1)]
    public string[] Models { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var error = ScenarioPlan.ValidateDefaultScenario(DefaultScenario);
        if (error is not null)
        {
            yield return new ValidationResult(error, [nameof(DefaultScenario)]);
        }
    }
}
