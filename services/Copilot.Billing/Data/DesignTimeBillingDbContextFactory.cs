using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Copilot.Billing.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without configuration.</summary>
internal sealed class DesignTimeBillingDbContextFactory : IDesignTimeDbContextFactory<BillingDbContext>
{
    public BillingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BillingDbContext>().UseNpgsql("Host=localhost;Database=billing").UseSnakeCaseNamingConvention().Options);
}
