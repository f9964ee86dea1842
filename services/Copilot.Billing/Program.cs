using Copilot.Billing.Extensions;
using Copilot.ServiceDefaults.Problems;
using Copilot.ServiceDefaults.Validation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseCopilotProblemDetails();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapGroup("").ValidateTextInput().MapBillingApi();
if (app.Environment.IsDevelopment())
{
    app.MapOpenApi().AllowAnonymous();
}

await app.MigrateBillingDatabaseAsync();
await app.RunAsync();
