using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.Hosting.Infrastructure;

/// <summary>
/// Where the shared infrastructure of an <c>--infra-only</c> run listens, as written to its state file:
/// <c>{ "redis": "127.0.0.1:P", "rabbitmq": "amqp://guest:guest@127.0.0.1:P/",
/// "rabbitmqManagement": "http://127.0.0.1:P/", "postgres": "Host=…;Port=…;Username=postgres;Password=postgres" }</c>.
/// </summary>
public sealed record InfrastructureState(
    [property: JsonPropertyName("redis")] string? Redis,
    [property: JsonPropertyName("rabbitmq")] string? RabbitMQ,
    [property: JsonPropertyName("rabbitmqManagement")] string? RabbitMQManagement,
    [property: JsonPropertyName("postgres")] string? Postgres)
{
    private static readonly JsonSerializerOptions Format = new() { WriteIndented = true };

    /// <summary>Writes to a temporary file first and renames it, so a reader never sees a half-written file.</summary>
    public async Task WriteAtomicallyAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = $"{fullPath}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(this, Format), cancellationToken);
        File.Move(temporary, fullPath, overwrite: true);
    }

    public static async Task<InfrastructureState> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<InfrastructureState>(stream, Format, cancellationToken)
            ?? throw new InvalidDataException($"{path} holds no infrastructure state.");
    }
}
