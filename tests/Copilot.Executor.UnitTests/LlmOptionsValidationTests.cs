using System.ComponentModel.DataAnnotations;
using Copilot.Executor.Llm;

namespace Copilot.Executor.UnitTests;

public sealed class LlmOptionsValidationTests
{
    [Theory]
    [InlineData("https://openrouter.ai/api/v1/")]
    [InlineData("http://llm-sim/v1/")]
    [InlineData("http://127.0.0.1:5190/v1/")]
    public void An_absolute_http_or_https_base_url_is_accepted(string baseUrl) => Errors(baseUrl).Should().BeEmpty();

    [Theory]
    [InlineData("openrouter.ai/api/v1/")]
    [InlineData("/v1/")]
    [InlineData("ftp://models.example.com/v1/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https//openrouter.ai")]
    [InlineData("not a url")]
    public void A_base_url_that_is_not_an_absolute_http_url_is_refused_naming_the_setting(string baseUrl)
    {
        Errors(baseUrl).Should().ContainSingle().Which.Should().Contain(nameof(LlmOptions.BaseUrl)).And.Contain("absolute http or https URL");
    }

    [Fact]
    public void A_round_output_floor_above_the_maximum_is_refused_naming_both_settings()
    {
        var errors = Errors(new LlmOptions { MinRoundOutputTokens = 5_000, MaxRoundOutputTokens = 4_000 });

        errors.Should().ContainSingle().Which.Should().Contain(nameof(LlmOptions.MinRoundOutputTokens)).And.Contain(nameof(LlmOptions.MaxRoundOutputTokens));
    }

    [Fact]
    public void A_negative_model_price_is_refused()
    {
        Errors(new LlmOptions { StandardModelOutputUsdPerMillionTokens = -1 }).Should().ContainSingle()
            .Which.Should().Contain(nameof(LlmOptions.StandardModelOutputUsdPerMillionTokens));
    }

    private static List<string> Errors(string baseUrl) => Errors(new LlmOptions { BaseUrl = baseUrl });

    private static List<string> Errors(LlmOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "")];
    }
}
