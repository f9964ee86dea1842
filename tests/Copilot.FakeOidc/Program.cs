using Copilot.FakeOidc;

// Standalone fake OIDC provider for manual runs, e.g.
//   dotnet run --project tests/Copilot.FakeOidc -- --urls http://127.0.0.1:5090 --FakeOidc:Subject=alice
// then start the platform with Jwt__Authority=Jwt__Issuer=http://127.0.0.1:5090, Jwt__RequireHttpsMetadata=false,
// Oidc__Authority=http://127.0.0.1:5090 and Oidc__ClientId=copilot-web.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var options = new FakeOidcOptions { Url = configuration["urls"] ?? "http://127.0.0.1:5090" };
configuration.GetSection("FakeOidc").Bind(options);
await using var server = await FakeOidcServer.StartAsync(options);

Console.WriteLine($"Fake OIDC provider listening on {server.Authority}, signing in '{options.Subject}'");
await server.WaitForShutdownAsync();
