using System.Diagnostics;
using Copilot.Hosting;

namespace Copilot.Testing;

/// <summary>
/// Redis, RabbitMQ and PostgreSQL started by this test process in a temporary run folder and killed when it exits.
/// </summary>
internal static class OwnedInfrastructure
{
    /// <summary>
    /// Waits for the test host to die, gives the process groups' watchdogs time to stop the servers, then deletes
    /// the run folder. The test host is torn down ~100 ms into ProcessExit, often before it could delete anything.
    /// </summary>
    private const string JanitorScript = """
        exec </dev/null >/dev/null 2>&1
        while kill -0 "$1" 2>/dev/null; do sleep 1; done
        sleep 8
        rm -rf "$2"
        """;

    /// <param name="persistentRedis">Keep Redis' data across restarts (a fault-injection test restarts it under load).</param>
    /// <param name="healthTimeout">How long each server may take to become healthy; 90 s when null.</param>
    public static async Task<DistributedApplication> StartAsync(bool persistentRedis = false, TimeSpan? healthTimeout = null)
    {
        var runDirectory = Path.Combine(Path.GetTempPath(), "copilot-test-infra", Guid.NewGuid().ToString("N"));
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            InfrastructureOnly = true,
            DashboardPort = null,
            RunDirectory = runDirectory,
            HealthTimeout = healthTimeout ?? TimeSpan.FromSeconds(90),
        });
        var redis = builder.AddRedis("redis");
        if (persistentRedis)
        {
            redis.WithPersistence();
        }

        builder.AddRabbitMQ("rabbitmq");
        builder.AddPostgres("postgres");
        var application = builder.Build();
        StartJanitor(runDirectory);

        // No time for an orderly stop at exit; the data is disposable anyway.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => application.Kill();
        try
        {
            await application.StartAsync();
        }
        catch
        {
            await application.StopAsync();
            throw;
        }

        return application;
    }

    private static void StartJanitor(string runDirectory)
    {
        var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "sh", "-c", JanitorScript, "copilot-test-janitor", Environment.ProcessId.ToString(), runDirectory })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var janitor = Process.Start(startInfo);
    }
}
