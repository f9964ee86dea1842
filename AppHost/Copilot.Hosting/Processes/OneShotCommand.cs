namespace Copilot.Hosting.Processes;

/// <summary>Runs a preparation command (initdb, chown) to completion, its output going to the resource's log.</summary>
internal static class OneShotCommand
{
    public static async Task RunAsync(ProcessSpec spec, LogBuffer logs, CancellationToken cancellationToken)
    {
        logs.Append(LogStream.System, $"running {spec.FileName} {string.Join(' ', spec.Arguments)}");
        var group = ProcessGroup.Start(spec, (stream, line) => logs.Append(stream, line));
        int exitCode;
        try
        {
            exitCode = await group.Exited.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            group.Kill();
            throw;
        }

        if (exitCode != 0)
        {
            var output = string.Join(Environment.NewLine, logs.Tail(20).Select(entry => entry.Text));
            throw new InvalidOperationException($"{spec.FileName} exited with code {exitCode}:{Environment.NewLine}{output}");
        }
    }
}
