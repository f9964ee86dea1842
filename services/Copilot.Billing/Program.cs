using Copilot.Billing.Extensions;
using Copilot.ServiceDefaults.Problems;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseCopilotProblemDetails();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapBillingApi();

await app.MigrateBillingDatabaseAsync();
await app.RunAsync();
