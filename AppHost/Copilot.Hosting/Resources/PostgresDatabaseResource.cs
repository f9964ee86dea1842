using Copilot.Hosting.Health;

namespace Copilot.Hosting.Resources;

/// <summary>A database created on demand on its server; referencing it yields <c>ConnectionStrings__{Name}</c>.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent) : IResourceWithConnectionString
{
    public string Name { get; } = name;

    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Parent { get; } = parent;

    public string? ConnectionString =>
        Parent.ConnectionString is { } server ? PostgresConnections.WithDatabase(server, DatabaseName) : null;
}
