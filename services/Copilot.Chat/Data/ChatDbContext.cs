using Copilot.Chat.Workspace;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Chat.Data;

public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options) : DbContext(options)
{
    public DbSet<ChatSession> Sessions => Set<ChatSession>();

    public DbSet<ChatMessage> Messages => Set<ChatMessage>();

    public DbSet<WorkspaceFile> WorkspaceFiles => Set<WorkspaceFile>();

    public DbSet<ContextSummary> ContextSummaries => Set<ContextSummary>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ChatSession>(session =>
        {
            session.ToTable("chat_sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.UserId).HasMaxLength(200).IsRequired();
            session.Property(s => s.Title).HasMaxLength(500);
            session.Property(s => s.Metadata).HasColumnType("jsonb");
            session.HasIndex(s => new { s.UserId, s.UpdatedAt });
            session.HasMany(s => s.Messages).WithOne().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ChatMessage>(message =>
        {
            message.ToTable("chat_messages");
            message.HasKey(m => m.Id);
            message.Property(m => m.Role).HasMaxLength(32).IsRequired();
            message.Property(m => m.ToolCalls).HasColumnType("jsonb");
            message.Property(m => m.ToolCallId).HasMaxLength(200);
            message.Property(m => m.Name).HasMaxLength(200);
            // Sequence is the pagination cursor and the ordering key; two writers racing for one slot must conflict.
            message.HasIndex(m => new { m.SessionId, m.Sequence }).IsUnique();
        });

        modelBuilder.Entity<ContextSummary>(summary =>
        {
            summary.ToTable("context_summaries");
            summary.HasKey(s => s.SessionId);
            summary.HasOne<ChatSession>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<WorkspaceFile>(file =>
        {
            file.ToTable("workspace_files");
            file.HasKey(f => f.Id);
            file.Property(f => f.UserId).HasMaxLength(200).IsRequired();
            file.Property(f => f.Name).HasMaxLength(500).IsRequired();
            file.Property(f => f.MimeType).HasMaxLength(200).IsRequired();
            file.HasIndex(f => new { f.UserId, f.CreatedAt });
        });
    }
}
