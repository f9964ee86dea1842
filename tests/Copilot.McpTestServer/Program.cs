using Copilot.McpTestServer;

var builder = Host.CreateApplicationBuilder(args);
// stdout carries the protocol; logs go to stderr, which the client reads line by line.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<TestTools>();
await builder.Build().RunAsync();
