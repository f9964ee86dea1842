using Copilot.Gateway.Apis;
using Copilot.Gateway.Extensions;
using Copilot.Gateway.Security;
using Copilot.Gateway.SignIn;
using Copilot.Gateway.WebClient;
using Copilot.ServiceDefaults.Problems;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// Order matters: the real client address first (rate limits and logs use it), headers on every response, problem
// bodies for bare 4xx, then the web client's files before routing so they never meet the authorization fallback.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseCopilotProblemDetails();
app.UseInternalRoutesBlocked();
app.UseWebClientFiles();
app.UseRouting();
app.UseCors();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapDevelopmentTokenApi();
app.MapAuthConfigApi();
// YARP's default pipeline with the header check first, so a request that cannot be forwarded never starts to be.
app.MapReverseProxy(proxy =>
{
    proxy.UseForwardableHeadersOnly();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});
app.MapWebClientFallback();

await app.RunAsync();
