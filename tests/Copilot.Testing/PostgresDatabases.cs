using Npgsql;

namespace Copilot.Testing;

public static class PostgresDatabases
{
    /// <summary>Returns the connection string pointed at <paramref name="database"/>.</summary>
    public static string WithDatabase(string serverConnectionString, string database) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates the connection string's database. Unpooled, so no idle session blocks a later DROP DATABASE.</summary>
    public static async Task CreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        var server = new NpgsqlConnectionStringBuilder(WithDatabase(connectionString, "postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // Identifiers cannot be parameters; quoting keeps any name safe.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }
}
