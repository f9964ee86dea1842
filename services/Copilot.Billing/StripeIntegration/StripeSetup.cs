using Microsoft.Extensions.Options;
using Stripe;

namespace Copilot.Billing.StripeIntegration;

public static class StripeSetup
{
    /// <summary>
    /// One <see cref="StripeClient"/> for the process, pointed at <c>Billing:StripeApiBase</c> when set (the fake in
    /// tests). Its HttpClient is deliberately not from the factory: the default resilience handler would retry on top of
    /// Stripe.net's own idempotency-keyed retries.
    /// </summary>
    public static IServiceCollection AddStripe(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<BillingOptions>>().Value;
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(options.StripeTimeoutSeconds) };
            return new StripeClient(new StripeClientOptions
            {
                ApiKey = string.IsNullOrEmpty(options.StripeSecretKey) ? null : options.StripeSecretKey,
                ApiBase = string.IsNullOrWhiteSpace(options.StripeApiBase) ? null : options.StripeApiBase.TrimEnd('/'),
                HttpClient = new NetworkErrorsAsStripeErrors(new SystemNetHttpClient(http, options.StripeMaxNetworkRetries, enableTelemetry: false)),
            });
        });
        services.AddSingleton<PriceCatalog>();
        services.AddSingleton<PriceAmounts>();
        services.AddScoped<StripeCustomers>();
        return services;
    }
}

/// <summary>
/// Stripe.net rethrows network failures (after its retries) as <see cref="HttpRequestException"/> or a timeout; turning
/// them into <see cref="StripeException"/> gives callers one "Stripe is unavailable" exception to map to 502.
/// </summary>
internal sealed class NetworkErrorsAsStripeErrors(IHttpClient inner) : IHttpClient
{
    public async Task<StripeResponse> MakeRequestAsync(StripeRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.MakeRequestAsync(request, cancellationToken);
        }
        catch (Exception exception) when (IsNetworkFailure(exception, cancellationToken))
        {
            throw new StripeException($"Could not reach Stripe: {exception.Message}", exception);
        }
    }

    public async Task<StripeStreamedResponse> MakeStreamingRequestAsync(StripeRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.MakeStreamingRequestAsync(request, cancellationToken);
        }
        catch (Exception exception) when (IsNetworkFailure(exception, cancellationToken))
        {
            throw new StripeException($"Could not reach Stripe: {exception.Message}", exception);
        }
    }

    private static bool IsNetworkFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
