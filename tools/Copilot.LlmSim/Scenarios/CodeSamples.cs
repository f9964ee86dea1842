namespace Copilot.LlmSim.Scenarios;

/// <summary>
/// The answers of <c>[sim:code]</c> / <c>[sim:code=LANG]</c>: a sentence, then one fenced block of a short program, so
/// a client's code rendering (highlighting, copy button) can be tested against a real stream.
/// </summary>
public static class CodeSamples
{
    public const string DefaultLanguage = "python";

    private static readonly Dictionary<string, string> Programs = new(StringComparer.Ordinal)
    {
        ["python"] = "def greet(name: str) -> str:\n    # Say hello politely.\n    return f\"Hello, {name}!\"\n\nprint(greet(\"world\"))",
        ["typescript"] = "function greet(name: string): string {\n  // Say hello politely.\n  return `Hello, ${name}!`;\n}\n\nconsole.log(greet('world'));",
        ["csharp"] = "static string Greet(string name) =>\n    // Say hello politely.\n    $\"Hello, {name}!\";\n\nConsole.WriteLine(Greet(\"world\"));",
        ["bash"] = "greet() {\n  # Say hello politely.\n  echo \"Hello, $1!\"\n}\n\ngreet world",
    };

    /// <exception cref="InvalidMarkerException">The language is not one of the samples.</exception>
    public static string Language(SimMarker marker) => marker.Argument switch
    {
        null => DefaultLanguage,
        var language when Programs.ContainsKey(language) => language,
        _ => throw new InvalidMarkerException($"Marker {marker}: the language is one of {string.Join(", ", Programs.Keys)}."),
    };

    public static string Answer(string language) =>
        $"{ScenarioEngine.SimulatedLabel} Here is a {language} example:\n\n```{language}\n{Programs[language]}\n```\n\nRun it to see the greeting.";
}
