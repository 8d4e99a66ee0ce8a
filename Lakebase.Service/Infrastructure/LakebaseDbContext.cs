using Microsoft.EntityFrameworkCore;

namespace Lakebase.Service.Infrastructure;

/// <summary>
/// The <c>preferences</c> schema of the Lakebase database, which this service owns: the model its committed migrations and
/// their embedded script are generated from. The service itself sends raw statements (PreferenceStore) and runs the script.
/// </summary>
[System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage(Justification = "Design-time model; UnitTests' MigrationScriptTests runs it against the embedded script.")]
public sealed class LakebaseDbContext(DbContextOptions<LakebaseDbContext> options) : DbContext(options)
{
    public const string Schema = "preferences";

    public DbSet<UserPreference> UserPreferences => Set<UserPreference>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<UserPreference>(entity =>
        {
            entity.ToTable("user_preferences");
            entity.Property(p => p.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            entity.Property(p => p.UserId).HasColumnName("user_id").IsRequired();
            // Collation "C": ordinal order for paging by key, as the contract asks, whatever the database default is.
            entity.Property(p => p.PreferenceKey).HasColumnName("preference_key").IsRequired().UseCollation("C");
            entity.Property(p => p.PreferenceValue).HasColumnName("preference_value").HasColumnType("jsonb");
            entity.Property(p => p.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
            entity.Property(p => p.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
            entity.HasKey(p => p.Id);
            entity.HasIndex(p => new { p.UserId, p.PreferenceKey }).IsUnique();
        });
    }
}
