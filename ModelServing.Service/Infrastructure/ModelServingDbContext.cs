using Microsoft.EntityFrameworkCore;

namespace ModelServing.Service.Infrastructure;

/// <summary>
/// The <c>model_serving</c> schema of the Lakebase database, which this service owns: the model its committed migrations
/// and their embedded script are generated from. The service itself sends raw statements and runs the script.
/// </summary>
[System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage(Justification = "Design-time model; UnitTests' MigrationScriptTests runs it against the embedded script.")]
public sealed class ModelServingDbContext(DbContextOptions<ModelServingDbContext> options) : DbContext(options)
{
    public const string Schema = "model_serving";

    public DbSet<InferenceLogRow> InferenceLogs => Set<InferenceLogRow>();

    public DbSet<SchemaDetectionEventRow> SchemaDetectionEvents => Set<SchemaDetectionEventRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<InferenceLogRow>(entity =>
        {
            entity.ToTable("inference_logs");
            entity.HasKey(r => r.Id);
            entity.Property(r => r.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            entity.Property(r => r.RequestId).HasColumnName("request_id").IsRequired();
            entity.Property(r => r.EndpointName).HasColumnName("endpoint_name").IsRequired();
            entity.Property(r => r.UserId).HasColumnName("user_id").IsRequired();
            entity.Property(r => r.Inputs).HasColumnName("inputs").HasColumnType("jsonb");
            entity.Property(r => r.Predictions).HasColumnName("predictions").HasColumnType("jsonb");
            entity.Property(r => r.Status).HasColumnName("status").IsRequired();
            entity.Property(r => r.ErrorCode).HasColumnName("error_code");
            entity.Property(r => r.ErrorMessage).HasColumnName("error_message");
            entity.Property(r => r.ExecutionTimeMs).HasColumnName("execution_time_ms");
            entity.Property(r => r.CreatedAt).HasColumnName("created_at");
            entity.Property(r => r.CompletedAt).HasColumnName("completed_at");
            entity.HasIndex(r => r.RequestId).IsUnique();
            // The order of /logs: a user's rows, newest first, the id breaking ties.
            entity.HasIndex(r => new { r.UserId, r.CreatedAt, r.Id }).IsDescending(false, true, true);
        });
        modelBuilder.Entity<SchemaDetectionEventRow>(entity =>
        {
            entity.ToTable("schema_detection_events");
            entity.HasKey(r => r.Id);
            entity.Property(r => r.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            entity.Property(r => r.EndpointName).HasColumnName("endpoint_name").IsRequired();
            entity.Property(r => r.UserId).HasColumnName("user_id").IsRequired();
            entity.Property(r => r.DetectedType).HasColumnName("detected_type").IsRequired();
            entity.Property(r => r.InputFormat).HasColumnName("input_format").IsRequired();
            entity.Property(r => r.Status).HasColumnName("status").IsRequired();
            entity.Property(r => r.Message).HasColumnName("message");
            entity.Property(r => r.LatencyMs).HasColumnName("latency_ms");
            entity.Property(r => r.CreatedAt).HasColumnName("created_at");
            entity.HasIndex(r => new { r.EndpointName, r.CreatedAt });
        });
    }
}
