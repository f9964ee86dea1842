using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Data;

public sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public DbSet<BillingAccount> Accounts => Set<BillingAccount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BillingAccount>(account =>
        {
            account.ToTable("billing_accounts");
            account.HasKey(a => a.UserId);
            account.Property(a => a.UserId).HasMaxLength(200);
            account.Property(a => a.Email).HasMaxLength(320);
            account.Property(a => a.Tier).HasConversion<string>().HasMaxLength(32);
            account.HasIndex(a => a.StripeCustomerId).IsUnique();
            account.HasIndex(a => a.Email);
        });
    }
}
