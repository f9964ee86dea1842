using System.Text.Json;

namespace Copilot.Testing.Faults;

/// <summary>
/// Checks that a turn's stored chunks read as the output of one writer that stopped at the terminal event: one
/// <c>start</c> first, blocks and steps opened and closed in order by a single writer (two workers writing at once
/// interleave ids, nest blocks or start twice), at most one <c>error</c> just before the single <c>finish</c>, and
/// nothing after it.
/// </summary>
public static class StreamShape
{
    public static IReadOnlyList<string> Problems(IReadOnlyList<(string Id, string Json)> entries)
    {
        var problems = new List<string>();
        if (entries.Count == 0)
        {
            return ["the turn's stream is empty or gone"];
        }

        var types = entries.Select(entry => TypeOf(entry.Json)).ToList();
        var finishes = types.Count(type => type == "finish");
        if (finishes != 1 || types[^1] != "finish")
        {
            problems.Add($"expected exactly one finish, as the last entry; got {finishes}, last '{types[^1]}' (entries after the terminal event are unfenced late writes)");
        }

        var errors = types.Count(type => type == "error");
        if (errors > 1 || (errors == 1 && (types.Count < 2 || types[^2] != "error")))
        {
            problems.Add($"expected at most one error, right before finish; got {errors}");
        }

        if (types.Count(type => type == "start") > 1 || (types.Contains("start") && types[0] != "start"))
        {
            problems.Add("more than one start, or a start that is not first: two writers");
        }

        problems.AddRange(BlockProblems(entries, types));
        return problems;
    }

    public static string TypeOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("type").GetString() ?? "";
    }

    /// <summary>One writer keeps at most one text or reasoning block open and one step open; deltas name the open block.</summary>
    private static IEnumerable<string> BlockProblems(IReadOnlyList<(string Id, string Json)> entries, IReadOnlyList<string> types)
    {
        string? openBlock = null;
        var stepOpen = false;
        for (var i = 0; i < entries.Count; i++)
        {
            var type = types[i];
            var blockId = type.StartsWith("text-", StringComparison.Ordinal) || type.StartsWith("reasoning-", StringComparison.Ordinal)
                ? BlockIdOf(entries[i].Json)
                : null;
            string? problem = type switch
            {
                "start-step" when stepOpen => "a step started inside an open step",
                "finish-step" when !stepOpen => "a step finished that was not open",
                "text-start" or "reasoning-start" when openBlock is not null => $"block {blockId} opened while {openBlock} was open",
                "text-delta" or "reasoning-delta" or "text-end" or "reasoning-end" when blockId != openBlock =>
                    $"{type} for {blockId} while {openBlock ?? "no block"} was open",
                _ => null,
            };
            if (problem is not null)
            {
                yield return $"entry {entries[i].Id}: {problem}: two writers or a broken writer";
            }

            switch (type)
            {
                case "start-step": stepOpen = true; break;
                case "finish-step": stepOpen = false; break;
                case "text-start" or "reasoning-start": openBlock = blockId; break;
                case "text-end" or "reasoning-end": openBlock = null; break;
            }
        }
    }

    private static string? BlockIdOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
    }
}
