using System.Text.Json.Nodes;

namespace Copilot.EndToEndTests.Fuzz;

/// <summary>The inputs a hostile client tries: text PostgreSQL cannot hold, control and bidi characters, huge numbers, wrong types.</summary>
public static class HostileInputs
{
    /// <summary>JSON string literals (escaped as a client would send them); the unpaired surrogate cannot exist as a .NET string literal in a JSON node.</summary>
    public static readonly IReadOnlyList<string> StringLiterals =
    [
        "\"a\\u0000b\"",
        "\"half a pair \\ud800 here\"",
        "\"\\u001b[31m red \\u0007 bell\"",
        "\"bidi \\u202eevil\\u202c and zero width \\u200b\"",
        "\"\"",
        "\"   \"",
        $"\"{new string('x', 300_000)}\"",
        "\"../../etc/passwd\"",
        "\"9223372036854775808\"",
    ];

    public static readonly IReadOnlyList<string> NumberLiterals =
    [
        "9223372036854775807",
        "-9223372036854775808",
        "18446744073709551616",
        "1e400",
        "-1",
        "0",
        "0.5",
    ];

    /// <summary>Values of the wrong kind for any field.</summary>
    public static readonly IReadOnlyList<string> WrongKinds = ["null", "[]", "{}", "true", "\"12\""];

    /// <summary>Whole bodies that are not what any route takes.</summary>
    public static readonly IReadOnlyList<(string Body, string ContentType)> Bodies =
    [
        ("{\"a\":", "application/json"),
        ("", "application/json"),
        ("null", "application/json"),
        ("[1,2,3]", "application/json"),
        (new string('[', 5_000) + new string(']', 5_000), "application/json"),
        ("{\"message\":\"hi\"}", "text/plain"),
        ("{\"message\":\"hi\"}", "application/json; charset=\"é\""),
        ("{\"message\":\"hi\"}", "application/json; charset=klingon"),
        ("\u0000\u0001\u0002", "application/octet-stream"),
        ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\ncut sh", "multipart/form-data; boundary=XyZ"),
        ("no boundaries at all", "multipart/form-data; boundary=XyZ"),
        ("x", "multipart/form-data"),
    ];

    /// <summary>Values put in place of a route's {placeholders} (already URL-encoded).</summary>
    public static readonly IReadOnlyList<string> PathSegments =
    [
        "not-a-guid", "%00", "a%00b", "%C3%A9", "%E2%80%AE", "%ED%A0%80", "..%2F..", new string('u', 400), "00000000-0000-0000-0000-000000000000",
    ];

    /// <summary>Query strings appended to every route, naming the parameters the APIs read.</summary>
    public static readonly IReadOnlyList<string> Queries =
    [
        "limit=99999999999999999999&offset=-5&before=%00&user_id=%00&query=%00",
        "limit=abc&offset=1e9&user_id=%ED%A0%80&query=%E2%80%AE&include=%C3%A9",
        "limit=0&offset=9223372036854775807&user_id=&query=" + new string('q', 5_000),
    ];

    /// <summary>Headers that no route expects as they are.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> Headers =
    [
        ("X-Anything", "café"),
        ("Last-Event-ID", "éé-1"),
        ("Last-Event-ID", "999999999999999999999-99999999999999999999"),
        ("Last-Event-ID", "garbage"),
        ("Stripe-Signature", "t=é,v1=☃"),
        ("Accept-Language", "\u202e"),
    ];

    /// <summary>
    /// The sample body with one value replaced at a time: every string by every hostile string, every number by every
    /// hostile number, every value by every wrong kind.
    /// </summary>
    public static IEnumerable<string> Mutations(string sampleJson)
    {
        var sample = JsonNode.Parse(sampleJson)!;
        foreach (var (path, value) in Leaves(sample, []))
        {
            var kind = value?.GetValueKind();
            var replacements = kind switch
            {
                System.Text.Json.JsonValueKind.String => StringLiterals.Concat(WrongKinds),
                System.Text.Json.JsonValueKind.Number => NumberLiterals.Concat(WrongKinds),
                _ => WrongKinds,
            };
            foreach (var replacement in replacements)
            {
                yield return Replace(sampleJson, path, replacement);
            }
        }
    }

    private static IEnumerable<(object[] Path, JsonNode? Value)> Leaves(JsonNode? node, object[] path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var leaf in Leaves(child, [.. path, name]))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var leaf in Leaves(array[i], [.. path, i]))
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                yield return (path, node);
                break;
        }
    }

    /// <summary>Replaces the value at <paramref name="path"/> with raw JSON text (a marker is swapped in, then for the literal).</summary>
    private static string Replace(string sampleJson, object[] path, string literal)
    {
        const string Marker = "\"__fuzz_marker__\"";
        var root = JsonNode.Parse(sampleJson)!;
        var parent = root;
        foreach (var step in path[..^1])
        {
            parent = step is int index ? parent[index]! : parent[(string)step]!;
        }

        if (path[^1] is int last)
        {
            parent[last] = "__fuzz_marker__";
        }
        else
        {
            parent[(string)path[^1]] = "__fuzz_marker__";
        }

        return root.ToJsonString().Replace(Marker, literal, StringComparison.Ordinal);
    }
}
