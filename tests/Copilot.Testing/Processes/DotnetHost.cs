namespace Copilot.Testing.Processes;

/// <summary>The <c>dotnet</c> executable that runs the tests, so services run on the same runtime.</summary>
public static class DotnetHost
{
    public static string Path { get; } = Resolve();

    private static string Resolve()
    {
        // The SDK sets DOTNET_HOST_PATH for everything it launches (dotnet run, dotnet test).
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        var processPath = Environment.ProcessPath;
        return processPath is not null && System.IO.Path.GetFileNameWithoutExtension(processPath) == "dotnet" ? processPath : "dotnet";
    }
}
