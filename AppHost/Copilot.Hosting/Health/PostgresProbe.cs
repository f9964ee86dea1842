using Npgsql;

namespace Copilot.Hosting.Health;

/// <summary>Healthy when a real connection runs <c>SELECT 1</c>.</summary>
public sealed class PostgresProbe(string connectionString) : IHealthProbe
{
    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(PostgresConnections.ForProbe(connectionString));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthProbeResult.Healthy("SELECT 1");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthProbeResult.Unhealthy(exception.Message);
        }
    }
}

/// <summary>
/// Makes sure the database exists (creating it on demand, as Aspire's database resources do) and answers queries.
/// Creation lives in the probe so a database is recreated after its server lost its data directory.
/// </summary>
public sealed class PostgresDatabaseProbe(string connectionString) : IHealthProbe
{
    private readonly PostgresProbe _query = new(connectionString);

    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PostgresConnections.EnsureDatabaseAsync(connectionString, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthProbeResult.Unhealthy(exception.Message);
        }

        return await _query.CheckAsync(cancellationToken);
    }
}

public static class PostgresConnections
{
    /// <summary>
    /// Probes open short-lived unpooled connections: a pool would keep sessions open that block
    /// <c>DROP DATABASE</c> and slow down the server's shutdown.
    /// </summary>
    public static string ForProbe(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 }.ConnectionString;

    /// <summary>Returns the connection string pointed at <paramref name="database"/>.</summary>
    public static string WithDatabase(string serverConnectionString, string database) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates the connection string's database unless it exists; safe to call concurrently.</summary>
    public static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        await using var connection = new NpgsqlConnection(ForProbe(WithDatabase(connectionString, "postgres")));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            // Identifiers cannot be parameters; quoting keeps any name safe.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another caller created it between our check and our CREATE.
        }
    }
}
