using Copilot.Gateway.Apis;
using Copilot.Gateway.Extensions;
using Copilot.ServiceDefaults.Problems;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseCopilotProblemDetails();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapDevelopmentTokenApi();
app.MapReverseProxy();

await app.RunAsync();
