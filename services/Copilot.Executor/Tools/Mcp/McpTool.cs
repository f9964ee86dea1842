using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Copilot.Executor.Tools.Mcp;

/// <summary>
/// One tool of a connected MCP server, offered under <see cref="McpToolNames"/>' name with the server's description
/// and input schema. Calls go through <see cref="ToolRunner"/> like any tool (permissions, the 300 s cap).
/// </summary>
public sealed class McpTool : ICopilotTool
{
    private readonly McpClientTool _tool;
    private readonly string _schema;

    public McpTool(string server, McpClientTool tool)
    {
        _tool = tool;
        Server = server;
        Name = McpToolNames.For(server, tool.Name);
        Description = string.IsNullOrWhiteSpace(tool.Description) ? $"Tool '{tool.Name}' of the MCP server '{server}'." : tool.Description;
        _schema = tool.JsonSchema.ValueKind == JsonValueKind.Object ? tool.JsonSchema.GetRawText() : """{"type":"object"}""";
    }

    public string Server { get; }

    public string Name { get; }

    public string Description { get; }

    // A fresh node every time: the registry puts it into a request's JSON tree, and a node has only one parent.
    public JsonObject ParametersSchema => JsonNode.Parse(_schema)!.AsObject();

    public async Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var arguments = invocation.Arguments.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
        var result = await _tool.CallAsync(arguments, cancellationToken: cancellationToken);
        return new ToolResult(OutputOf(result), IsError: result.IsError == true);
    }

    /// <summary>Text blocks as they are, other content described; structured content only when nothing else came.</summary>
    public static string OutputOf(CallToolResult result)
    {
        if (result.Content.Count == 0)
        {
            return result.StructuredContent is { } structured ? structured.GetRawText() : "(no output)";
        }

        return string.Join("\n", result.Content.Select(Describe));
    }

    private static string Describe(ContentBlock block) => block switch
    {
        TextContentBlock text => text.Text,
        ImageContentBlock image => $"[image: {image.MimeType}, {image.DecodedData.Length} bytes]",
        AudioContentBlock audio => $"[audio: {audio.MimeType}, {audio.DecodedData.Length} bytes]",
        EmbeddedResourceBlock { Resource: TextResourceContents text } => $"[resource {text.Uri}]\n{text.Text}",
        EmbeddedResourceBlock { Resource: BlobResourceContents blob } => $"[resource {blob.Uri}: {blob.MimeType}, {blob.DecodedData.Length} bytes]",
        ResourceLinkBlock link => $"[resource link: {link.Name} {link.Uri}]",
        _ => $"[{block.Type} content]",
    };
}
