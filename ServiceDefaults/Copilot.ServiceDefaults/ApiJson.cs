using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Copilot.ServiceDefaults;

public static class ApiJson
{
    /// <summary>
    /// The public API's JSON, like the seed's: snake_case properties and upper-case enum names ("PRO"). Dictionary
    /// keys are left as they are (a map keyed by tier name stays "PRO", not "pro").
    /// </summary>
    public static IServiceCollection AddSnakeCaseApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        });
}
