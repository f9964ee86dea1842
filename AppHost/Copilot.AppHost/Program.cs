using Copilot.AppHost;

if (AppHostArguments.WantsHelp(args))
{
    Console.WriteLine(AppHostArguments.Usage);
    return 0;
}

DistributedApplicationOptions options;
try
{
    options = AppHostArguments.CreateOptions(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

var builder = DistributedApplication.CreateBuilder(options);
var dataRoot = builder.AddCopilotPlatform();
try
{
    await builder.Build().RunAsync();
}
catch (PortTakenException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}
finally
{
    dataRoot?.CleanUp();
}

return 0;
