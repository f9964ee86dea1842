using Copilot.Executor.Extensions;
using Copilot.ServiceDefaults.Problems;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseCopilotProblemDetails();
app.MapDefaultEndpoints();

await app.RunAsync();
