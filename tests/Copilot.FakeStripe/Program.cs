using System.Globalization;
using Copilot.FakeStripe;

// Standalone fake Stripe for manual and end-to-end runs, e.g.
//   dotnet run --project tests/Copilot.FakeStripe -- --urls http://127.0.0.1:12111 \
//     --FakeStripe:Prices:price_pro=2000 --FakeStripe:Prices:price_business=5000 \
//     --FakeStripe:WebhookUrl=http://127.0.0.1:5080/api/credits/stripe_webhook --FakeStripe:WebhookSecret=whsec_dev
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var webhookUrl = configuration["FakeStripe:WebhookUrl"];
await using var server = await FakeStripeServer.StartAsync(new FakeStripeOptions
{
    Url = configuration["urls"] ?? "http://127.0.0.1:12111",
    WebhookUrl = string.IsNullOrEmpty(webhookUrl) ? null : new Uri(webhookUrl),
    WebhookSecret = configuration["FakeStripe:WebhookSecret"] ?? "",
});
foreach (var price in configuration.GetSection("FakeStripe:Prices").GetChildren())
{
    server.State.AddPrice(long.Parse(price.Value ?? "0", CultureInfo.InvariantCulture), price.Key);
}

Console.WriteLine($"Fake Stripe (simulated) listening on {server.BaseAddress}");
await server.WaitForShutdownAsync();
