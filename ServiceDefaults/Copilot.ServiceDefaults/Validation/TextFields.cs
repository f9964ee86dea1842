using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Copilot.Text;

namespace Copilot.ServiceDefaults.Validation;

/// <summary>
/// Finds every string a bound value carries — the value itself, a request record's properties, strings in lists and
/// both sides of string maps, nested records — and names each as the client wrote it (snake_case JSON names).
/// Built once per handler parameter, so a request pays only for reading its own properties.
/// </summary>
internal sealed class TextFields
{
    private const int MaxDepth = 4;

    private readonly Func<object?, string, string?> _findProblem;

    private TextFields(Func<object?, string, string?> findProblem) => _findProblem = findProblem;

    /// <returns>Null when <paramref name="type"/> can carry no text the client chose.</returns>
    public static TextFields? For(Type type) => Inspector(type, 0) is { } inspector ? new TextFields(inspector) : null;

    /// <returns>"field problem" for the first string that breaks <see cref="TextRules"/>, or null.</returns>
    public string? FindProblem(object? value, string name) => _findProblem(value, name);

    private static Func<object?, string, string?>? Inspector(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return (value, name) => value is string text && TextRules.FindProblem(text) is { } problem ? $"{name} {problem}." : null;
        }

        if (depth >= MaxDepth || type.IsPrimitive || type.IsEnum || type.IsValueType)
        {
            return null;
        }

        if (type.IsAssignableTo(typeof(IDictionary)))
        {
            return DictionaryInspector(type, depth);
        }

        if (type.IsAssignableTo(typeof(IEnumerable)))
        {
            return ElementType(type) is { } element && Inspector(element, depth + 1) is { } inspectElement
                ? (value, name) => value is IEnumerable items ? FirstProblem(items.Cast<object?>(), item => inspectElement(item, $"{name}[]")) : null
                : null;
        }

        return IsRequestRecord(type) ? RecordInspector(type, depth) : null;
    }

    private static Func<object?, string, string?>? DictionaryInspector(Type type, int depth)
    {
        var arguments = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))?.GetGenericArguments();
        var inspectKey = arguments is null ? null : Inspector(arguments[0], depth + 1);
        var inspectValue = arguments is null ? null : Inspector(arguments[1], depth + 1);
        if (inspectKey is null && inspectValue is null)
        {
            return null;
        }

        return (value, name) => value is IDictionary map
            ? FirstProblem(Entries(map), entry =>
                inspectKey?.Invoke(entry.Key, $"{name} key") ?? inspectValue?.Invoke(entry.Value, $"{name}[{entry.Key}]"))
            : null;
    }

    private static Func<object?, string, string?>? RecordInspector(Type type, int depth)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanRead && property.GetIndexParameters().Length == 0)
            .Select(property => (property, inspect: Inspector(property.PropertyType, depth + 1), name: JsonName(property)))
            .Where(entry => entry.inspect is not null)
            .ToArray();
        if (properties.Length == 0)
        {
            return null;
        }

        return (value, _) => value is null
            ? null
            : FirstProblem(properties, entry => entry.inspect!(entry.property.GetValue(value), entry.name));
    }

    /// <summary>A generic dictionary enumerated as <see cref="IEnumerable"/> yields key-value pairs, not entries.</summary>
    private static IEnumerable<DictionaryEntry> Entries(IDictionary map)
    {
        var entries = map.GetEnumerator();
        while (entries.MoveNext())
        {
            yield return entries.Entry;
        }
    }

    private static string? FirstProblem<T>(IEnumerable<T> items, Func<T, string?> findProblem)
    {
        foreach (var item in items)
        {
            if (findProblem(item) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>
    /// Request bodies are the platform's own records; services (which a handler may also take as parameters) are
    /// classes, whose getters must not run here. A record is recognised by the clone method the compiler gives it.
    /// </summary>
    private static bool IsRequestRecord(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("Copilot.", StringComparison.Ordinal) == true && type.GetMethod("<Clone>$") is not null;

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
}
