using System.Text.Json.Nodes;

namespace Copilot.FakeStripe;

/// <summary>
/// Decodes Stripe's request encoding — form fields (or query parameters) with bracketed paths such as
/// <c>phases[0][items][0][price]=price_1</c> or <c>metadata[user_id]=u1</c> — into a JSON tree whose leaves are strings.
/// </summary>
public static class FormTree
{
    public static JsonObject Parse(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            var path = Split(key);
            var node = root;
            for (var i = 0; i < path.Count - 1; i++)
            {
                if (!node.TryGetValue(path[i], out var child) || child is not Dictionary<string, object> branch)
                {
                    branch = new Dictionary<string, object>(StringComparer.Ordinal);
                    node[path[i]] = branch;
                }

                node = branch;
            }

            node[path[^1]] = value;
        }

        return (JsonObject)ToNode(root);
    }

    public static string? Str(this JsonObject tree, string name) => tree[name] is JsonValue value ? value.GetValue<string>() : null;

    public static long? Long(this JsonObject tree, string name) => long.TryParse(tree.Str(name), out var value) ? value : null;

    public static bool? Bool(this JsonObject tree, string name) => tree.Str(name) switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    public static JsonObject? Obj(this JsonObject tree, string name) => tree[name] as JsonObject;

    public static IReadOnlyList<JsonObject> Objects(this JsonObject tree, string name) =>
        tree[name] is JsonArray array ? array.OfType<JsonObject>().ToList() : [];

    /// <summary><c>metadata[k]=v</c> fields as a dictionary (empty when absent).</summary>
    public static Dictionary<string, string> Map(this JsonObject tree, string name) =>
        tree.Obj(name) is { } map
            ? map.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>())
            : [];

    private static List<string> Split(string key)
    {
        var bracket = key.IndexOf('[');
        if (bracket < 0)
        {
            return [key];
        }

        var parts = new List<string> { key[..bracket] };
        foreach (var segment in key[bracket..].Split('[', StringSplitOptions.RemoveEmptyEntries))
        {
            parts.Add(segment.TrimEnd(']'));
        }

        return parts;
    }

    /// <summary>A branch whose keys are all indexes becomes an array (in index order).</summary>
    private static JsonNode ToNode(object value)
    {
        if (value is string text)
        {
            return JsonValue.Create(text);
        }

        var branch = (Dictionary<string, object>)value;
        if (branch.Count > 0 && branch.Keys.All(k => int.TryParse(k, out _)))
        {
            return new JsonArray(branch.OrderBy(p => int.Parse(p.Key)).Select(p => (JsonNode?)ToNode(p.Value)).ToArray());
        }

        var result = new JsonObject();
        foreach (var (key, child) in branch)
        {
            result[key] = ToNode(child);
        }

        return result;
    }
}
