using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.LlmSim.Protocol;

/// <summary>A message's content, whichever of OpenAI's two forms it came in: a plain string or an array of blocks.</summary>
public sealed record MessageContent(IReadOnlyList<ContentBlock> Blocks)
{
    public string Text => string.Join("\n", Blocks.Where(block => block.IsText).Select(block => block.Text));
}

public sealed record ContentBlock(string? Type, string? Text, JsonElement? CacheControl)
{
    [JsonIgnore]
    public bool IsText => Type == "text" && Text is not null;
}

public sealed class MessageContentConverter : JsonConverter<MessageContent>
{
    public override MessageContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => new MessageContent([new ContentBlock("text", reader.GetString(), null)]),
            JsonTokenType.StartArray => new MessageContent(
                [.. (JsonSerializer.Deserialize<List<ContentBlock?>>(ref reader, options) ?? []).OfType<ContentBlock>()]),
            _ => throw new JsonException("Message content must be a string or an array of content blocks."),
        };

    public override void Write(Utf8JsonWriter writer, MessageContent value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Blocks, options);
}
