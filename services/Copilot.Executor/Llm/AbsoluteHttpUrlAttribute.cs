using System.ComponentModel.DataAnnotations;

namespace Copilot.Executor.Llm;

/// <summary>
/// An absolute <c>http</c> or <c>https</c> URI, checked at start-up: a relative or mistyped provider address would
/// otherwise surface only as every turn failing with a provider error.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AbsoluteHttpUrlAttribute() : ValidationAttribute("{0} must be an absolute http or https URL, e.g. https://openrouter.ai/api/v1/.")
{
    public override bool IsValid(object? value) =>
        value is null || (value is string text && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host));
}
