using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelServing.Service.Infrastructure;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> and <c>dotnet ef migrations script</c> build the model without a running database or
/// host, with the migration history in the service's own schema, where the service's migration script records it.
/// </summary>
[System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage(Justification = "Design-time tooling; never runs in the service.")]
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ModelServingDbContext>
{
    public ModelServingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ModelServingDbContext>()
            .UseNpgsql("Host=localhost;Database=lakebase", npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", ModelServingDbContext.Schema))
            .Options);
}
