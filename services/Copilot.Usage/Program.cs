using Copilot.ServiceDefaults.Problems;
using Copilot.ServiceDefaults.Validation;
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
var api = app.MapGroup("").ValidateTextInput();
api.MapInternalUsageApi();
api.MapUsageApi();
api.MapAdminRateLimitApi();
if (app.Environment.IsDevelopment())
{
    app.MapOpenApi().AllowAnonymous();
}

await app.RunAsync();
