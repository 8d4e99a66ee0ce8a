using System.Text.Json;
using System.Text.Json.Serialization;
using MockDatabricks.Apis;
using MockDatabricks.Infrastructure;
using MockDatabricks.Middleware;
using MockDatabricks.Services;
using MockDatabricks.Services.Serving;
using MockDatabricks.Services.Sql;
using MockDatabricks.Services.Statements;
using Npgsql;

namespace MockDatabricks.Extensions;

public static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var (data, version) = ReferenceDataLoader.Load();
        services.AddSingleton(data);
        services.AddSingleton(new SeedVersion(version));
        services.AddSingleton(TimeProvider.System);

        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        var connectionString = builder.Configuration.GetConnectionString("warehouse")
            ?? throw new InvalidOperationException("ConnectionStrings:warehouse is required: the mock warehouse runs on PostgreSQL.");
        services.AddSingleton(new WarehouseDatabase(new NpgsqlDataSourceBuilder(connectionString).Build()));
        services.AddSingleton<WarehouseReadiness>();
        services.AddHealthChecks().AddCheck<WarehouseReadiness>("warehouse");
        services.AddSingleton<RoleGrantSync>();
        services.AddSingleton<WarehouseQueryRunner>();
        services.AddHostedService<WarehouseSeeder>();

        services.AddSingleton<PrincipalDirectory>();
        services.AddSingleton<WorkspaceCatalog>();
        services.AddSingleton<PrivilegeModel>();
        services.AddSingleton<UnityCatalogMapper>();
        services.AddSingleton<WarehouseCatalog>();
        services.AddSingleton<SqlErrorMapper>();
        services.AddSingleton<StatementService>();
        services.AddSingleton<StatementResponses>();
        services.AddSingleton<ServingEndpointCatalog>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<RequestJournal>();
        services.AddSingleton<LakebaseCredentials>();
    }

    public static WebApplication MapWorkspaceApis(this WebApplication app)
    {
        app.UseMiddleware<RequestJournalMiddleware>();
        app.UseMiddleware<WorkspaceAuthenticationMiddleware>();
        app.MapScimApi();
        app.MapUnityCatalogApi();
        app.MapStatementsApi();
        app.MapServingApi();
        app.MapDatabaseApi();
        app.MapOidcApi();
        if (app.Configuration.GetValue<bool>("Mock:EnableControlApi"))
        {
            app.MapControlApi();
        }

        return app;
    }
}
