using Copilot.ChatApi.Apis;
using Copilot.ChatApi.Extensions;
using Copilot.ChatApi.InternalTurns;
using Copilot.ChatApi.Users;
using Copilot.ServiceDefaults.Problems;
using Copilot.ServiceDefaults.Validation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseCopilotProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.UseUserSeenReports();

app.MapDefaultEndpoints();
var api = app.MapGroup("").ValidateTextInput();
api.MapChatApi();
api.MapChatConfigApi();
api.MapInternalTurnApi();
api.MapWorkspaceApi();
if (app.Environment.IsDevelopment())
{
    app.MapOpenApi().AllowAnonymous();
}

await app.MigrateChatDatabaseAsync();
await app.RunAsync();
