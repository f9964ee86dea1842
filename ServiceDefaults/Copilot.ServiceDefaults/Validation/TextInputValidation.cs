using System.Reflection;
using Copilot.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Copilot.ServiceDefaults.Validation;

/// <summary>
/// The one input rule at the edge of every API: a route, query, header or body string that <see cref="TextRules"/>
/// refuses is answered with a 422 problem naming the field, before the handler runs — so no handler, store or queued
/// message can meet text PostgreSQL would refuse later.
/// </summary>
public static class TextInputValidation
{
    public static TBuilder ValidateTextInput<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(CreateFilter);

    private static EndpointFilterDelegate CreateFilter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (index, name: BindingName(parameter), fields: IsClientInput(parameter) ? TextFields.For(parameter.ParameterType) : null))
            .Where(check => check.fields is not null)
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            foreach (var (index, name, fields) in checks)
            {
                if (fields!.FindProblem(invocation.Arguments[index], name) is { } problem)
                {
                    return ValueTask.FromResult<object?>(TypedResults.Problem(detail: problem, statusCode: StatusCodes.Status422UnprocessableEntity));
                }
            }

            return next(invocation);
        };
    }

    /// <summary>Services and parameter bundles are resolved by the framework, never sent by a client.</summary>
    private static bool IsClientInput(ParameterInfo parameter) =>
        parameter.GetCustomAttribute<AsParametersAttribute>() is null
        && parameter.GetCustomAttribute<FromServicesAttribute>() is null
        && parameter.GetCustomAttribute<FromKeyedServicesAttribute>() is null;

    private static string BindingName(ParameterInfo parameter) =>
        parameter.GetCustomAttributes().OfType<IFromHeaderMetadata>().FirstOrDefault()?.Name
        ?? parameter.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
        ?? parameter.GetCustomAttributes().OfType<IFromRouteMetadata>().FirstOrDefault()?.Name
        ?? parameter.Name
        ?? "value";
}
