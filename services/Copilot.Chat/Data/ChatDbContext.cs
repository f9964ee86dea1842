using Copilot.Chat.Memories;
using Copilot.Chat.Workspace;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Chat.Data;

public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options) : DbContext(options)
{
    public DbSet<ChatSession> Sessions => Set<ChatSession>();

    public DbSet<ChatMessage> Messages => Set<ChatMessage>();

    public DbSet<WorkspaceFile> WorkspaceFiles => Set<WorkspaceFile>();

    public DbSet<ContextSummary> ContextSummaries => Set<ContextSummary>();

    public DbSet<Memory> Memories => Set<Memory>();

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
            file.Property(f => f.Name).HasMaxLength(WorkspaceFileRules.MaxNameLength).IsRequired();
            file.Property(f => f.MimeType).HasMaxLength(WorkspaceFileRules.MaxMimeTypeLength).IsRequired();
            file.HasIndex(f => new { f.UserId, f.UpdatedAt });
            // One live file per name and user: a write to a taken name replaces that file. Deleted rows do not count.
            file.HasIndex(f => new { f.UserId, f.Name }).IsUnique().HasFilter("deleted_at IS NULL");
        });

        modelBuilder.Entity<Memory>(memory =>
        {
            memory.ToTable("memories");
            memory.HasKey(m => m.Id);
            memory.Property(m => m.UserId).HasMaxLength(200).IsRequired();
            memory.Property(m => m.Content).IsRequired();
            memory.HasIndex(m => new { m.UserId, m.CreatedAt });
            memory.HasGeneratedTsVectorColumn(m => m.SearchVector, MemoryStore.TextSearchConfig, m => new { m.Content })
                .HasIndex(m => m.SearchVector)
                .HasMethod("GIN");
        });
    }
}
