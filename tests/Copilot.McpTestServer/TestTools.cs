using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Copilot.McpTestServer;

/// <summary>Deterministic tools covering what a client must handle: text, numbers, a failing tool, non-text content.</summary>
[McpServerToolType]
public sealed class TestTools
{
    /// <summary>The smallest valid PNG (1×1, transparent).</summary>
    public static readonly byte[] Pixel = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [McpServerTool(Name = "echo"), Description("Returns the text it was given.")]
    public static string Echo([Description("Text to return.")] string text) => text;

    [McpServerTool(Name = "add"), Description("Adds two integers.")]
    public static long Add([Description("First addend.")] long a, [Description("Second addend.")] long b) => a + b;

    [McpServerTool(Name = "fail"), Description("Always fails with the given message.")]
    public static string Fail([Description("The error message.")] string message) => throw new McpException(message);

    [McpServerTool(Name = "pixel"), Description("Returns a 1x1 PNG image.")]
    public static ImageContentBlock Image() => ImageContentBlock.FromBytes(Pixel, "image/png");
}
