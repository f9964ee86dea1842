using Copilot.ServiceDefaults.Problems;
using Copilot.Usage.Apis;
using Copilot.Usage.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseCopilotProblemDetails();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapInternalUsageApi();
app.MapUsageApi();
app.MapAdminRateLimitApi();

await app.RunAsync();
