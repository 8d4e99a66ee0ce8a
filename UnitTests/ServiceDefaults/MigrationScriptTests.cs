using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ServiceDefaults.Lakebase;
using LakebaseContextFactory = Lakebase.Service.Infrastructure.DesignTimeDbContextFactory;
using LakebaseDbContext = Lakebase.Service.Infrastructure.LakebaseDbContext;
using ModelServingContextFactory = ModelServing.Service.Infrastructure.DesignTimeDbContextFactory;
using ModelServingDbContext = ModelServing.Service.Infrastructure.ModelServingDbContext;

namespace UnitTests.ServiceDefaults;

/// <summary>
/// A service migrates its schema with the idempotent script embedded in it (LakebaseSchema): the script must be the one EF
/// Core generates from the committed migrations, so a migration added without regenerating the script fails here.
/// </summary>
public sealed class MigrationScriptTests
{
    [Fact]
    public void Lakebase_service_embeds_the_script_of_its_committed_migrations()
    {
        using var context = new LakebaseContextFactory().CreateDbContext([]);

        LakebaseSchema<LakebaseDbContext>.ReadScript().Should().BeScriptOf(context, "Lakebase.Service");
    }

    [Fact]
    public void Model_serving_service_embeds_the_script_of_its_committed_migrations()
    {
        using var context = new ModelServingContextFactory().CreateDbContext([]);

        LakebaseSchema<ModelServingDbContext>.ReadScript().Should().BeScriptOf(context, "ModelServing.Service");
    }

    /// <summary>What Database.Migrate checked at start-up before the services ran the script instead.</summary>
    [Fact]
    public void Every_model_change_has_a_committed_migration()
    {
        using var lakebase = new LakebaseContextFactory().CreateDbContext([]);
        using var modelServing = new ModelServingContextFactory().CreateDbContext([]);

        lakebase.Database.HasPendingModelChanges().Should().BeFalse("run `dotnet ef migrations add` for Lakebase.Service");
        modelServing.Database.HasPendingModelChanges().Should().BeFalse("run `dotnet ef migrations add` for ModelServing.Service");
    }

    [Fact]
    public void The_scripts_keep_each_migration_history_in_the_service_schema()
    {
        LakebaseSchema<LakebaseDbContext>.ReadScript().Should().Contain("preferences.\"__EFMigrationsHistory\"").And.NotContain("\nCOMMIT;");
        LakebaseSchema<ModelServingDbContext>.ReadScript().Should().Contain("model_serving.\"__EFMigrationsHistory\"").And.NotContain("\nCOMMIT;");
    }
}

internal static class MigrationScriptAssertions
{
    public static void BeScriptOf(this FluentAssertions.Primitives.StringAssertions embedded, DbContext context, string project)
    {
        var generated = context.GetService<IMigrator>().GenerateScript(
            options: MigrationsSqlGenerationOptions.Idempotent | MigrationsSqlGenerationOptions.NoTransactions);
        var name = context.GetType().Name;

        Normalize(embedded.Subject).Should().Be(Normalize(generated),
            $"the script must follow the committed migrations; regenerate it with `dotnet ef migrations script --idempotent --no-transactions -p {project} -o {project}/Infrastructure/Migrations/{name}.sql`");
    }

    private static string Normalize(string script) => script.TrimStart('\uFEFF').ReplaceLineEndings("\n").Trim();
}
