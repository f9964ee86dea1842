using System.Net.Http.Headers;
using System.Text;

namespace Copilot.Testing;

/// <summary>The local broker's management API, as its default account (guest, lifted to non-loopback use by the AppHost).</summary>
public static class RabbitMQManagement
{
    public static AuthenticationHeaderValue GuestAuthentication { get; } =
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
}
