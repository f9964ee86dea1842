using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Data;

public sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public DbSet<BillingAccount> Accounts => Set<BillingAccount>();

    public DbSet<CreditTransaction> CreditTransactions => Set<CreditTransaction>();

    public DbSet<StripeEventRecord> StripeEvents => Set<StripeEventRecord>();

    public DbSet<TierChangeOutboxMessage> TierChangeOutbox => Set<TierChangeOutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BillingAccount>(account =>
        {
            account.ToTable("billing_accounts");
            account.HasKey(a => a.UserId);
            account.Property(a => a.UserId).HasMaxLength(200);
            account.Property(a => a.Email).HasMaxLength(320);
            account.Property(a => a.Tier).HasConversion<string>().HasMaxLength(32);
            account.Property(a => a.PendingTier).HasConversion<string>().HasMaxLength(32);
            account.Property(a => a.StripeCustomerId).HasMaxLength(255);
            account.Property(a => a.StripeSubscriptionId).HasMaxLength(255);
            account.Property(a => a.StripeScheduleId).HasMaxLength(255);
            // One Stripe customer per user, even if two requests race to create it.
            account.HasIndex(a => a.StripeCustomerId).IsUnique();
            account.HasIndex(a => a.Email);
        });

        modelBuilder.Entity<CreditTransaction>(transaction =>
        {
            transaction.ToTable("credit_transactions");
            transaction.Property(t => t.UserId).HasMaxLength(200);
            transaction.Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
            transaction.Property(t => t.IdempotencyKey).HasMaxLength(200);
            transaction.Property(t => t.Reason).HasMaxLength(500);
            transaction.Property(t => t.StripePaymentIntentId).HasMaxLength(255);
            transaction.HasIndex(t => new { t.UserId, t.IdempotencyKey }).IsUnique();
            transaction.HasIndex(t => new { t.UserId, t.Id });
            transaction.HasIndex(t => t.StripePaymentIntentId);
            transaction.HasOne<BillingAccount>().WithMany().HasForeignKey(t => t.UserId);
        });

        modelBuilder.Entity<StripeEventRecord>(stripeEvent =>
        {
            stripeEvent.ToTable("stripe_events");
            stripeEvent.Property(e => e.Id).HasMaxLength(255);
            stripeEvent.Property(e => e.Type).HasMaxLength(100);
            stripeEvent.Property(e => e.Payload).HasColumnType("text");
            stripeEvent.Property(e => e.LastError).HasMaxLength(2000);
            // The worker's claim query: unprocessed events, oldest first.
            stripeEvent.HasIndex(e => new { e.ProcessedAt, e.NextAttemptAt });
        });

        modelBuilder.Entity<TierChangeOutboxMessage>(message =>
        {
            message.ToTable("tier_change_outbox");
            message.Property(m => m.UserId).HasMaxLength(200);
            message.Property(m => m.Tier).HasConversion<string>().HasMaxLength(32);
            message.HasIndex(m => m.PublishedAt);
        });
    }
}
