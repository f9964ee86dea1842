using Copilot.ChatApi.Apis;
using Copilot.ChatApi.Extensions;
using Copilot.ChatApi.InternalTurns;
using Copilot.ChatApi.Users;
using Copilot.ServiceDefaults.Problems;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseCopilotProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.UseUserSeenReports();

app.MapDefaultEndpoints();
app.MapChatApi();
app.MapInternalTurnApi();
app.MapWorkspaceApi();
if (app.Environment.IsDevelopment())
{
    app.MapOpenApi().AllowAnonymous();
}

await app.MigrateChatDatabaseAsync();
await app.RunAsync();
