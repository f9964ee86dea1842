using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Copilot.AppHost.Infrastructure.Health;

/// <summary>Healthy when a real connection runs <c>SELECT 1</c>.</summary>
public sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(PostgresConnections.Unpooled(connectionString));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("SELECT 1");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}

/// <summary>
/// Creates the database when it is missing, as Aspire's database resources do, then checks it answers. Creation
/// lives in the check so that a server restarted without its data gets its databases back.
/// </summary>
public sealed class PostgresDatabaseHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await PostgresConnections.EnsureDatabaseAsync(connectionString, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }

        return await new PostgresHealthCheck(connectionString).CheckHealthAsync(context, cancellationToken);
    }
}

public static class PostgresConnections
{
    /// <summary>
    /// Health checks open short-lived unpooled connections: a pool would keep sessions open that block
    /// <c>DROP DATABASE</c> and slow the server's shutdown.
    /// </summary>
    public static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 }.ConnectionString;

    /// <summary>Creates the connection string's database unless it exists; safe to call concurrently.</summary>
    public static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        await using var connection = new NpgsqlConnection(Unpooled(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString));
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
