namespace Copilot.LlmSim.Scenarios;

/// <summary>One <c>[sim:NAME]</c> or <c>[sim:NAME=ARG]</c> marker; names are lower-cased, arguments kept verbatim.</summary>
public sealed record SimMarker(string Name, string? Argument)
{
    public override string ToString() => Argument is null ? $"[sim:{Name}]" : $"[sim:{Name}={Argument}]";
}

/// <summary>A message's markers and the text left once they are cut out.</summary>
public sealed record MarkedText(IReadOnlyList<SimMarker> Markers, string Text);

public sealed class InvalidMarkerException(string message) : Exception(message);
