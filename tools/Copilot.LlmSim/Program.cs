using Copilot.LlmSim.Apis;
using Copilot.LlmSim.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseSimulatedResponseLabel();
app.MapDefaultEndpoints();
app.MapChatCompletionsApi();

app.Run();

