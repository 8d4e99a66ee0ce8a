using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lakebase.Service.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database or host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<LakebaseDbContext>
{
    public LakebaseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LakebaseDbContext>().UseNpgsql("Host=localhost;Database=lakebase").Options);
}
