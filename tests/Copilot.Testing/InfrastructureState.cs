using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.Testing;

/// <summary>The state file of an infra-only AppHost (<c>--infra-only --state-file</c>): where the run's servers listen.</summary>
public sealed record InfrastructureState(
    [property: JsonPropertyName("redis")] string? Redis,
    [property: JsonPropertyName("rabbitmq")] string? RabbitMQ,
    [property: JsonPropertyName("rabbitmqManagement")] string? RabbitMQManagement,
    [property: JsonPropertyName("postgres")] string? Postgres)
{
    public static async Task<InfrastructureState> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<InfrastructureState>(stream, cancellationToken: cancellationToken)
            ?? throw new InvalidDataException($"{path} holds no infrastructure state.");
    }
}
