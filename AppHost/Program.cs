using AppHost;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args)
    .WithDashboardDefaults()
    .WithDcpCertificate()
    .WithPromptShutdown();

var postgres = builder.AddPostgresServer("postgres");

// The app's own data: a database on that server, or an existing Lakebase database given as ConnectionStrings:lakebase.
var lakebaseDb = builder.Configuration.GetConnectionString("lakebase") is { Length: > 0 }
    ? builder.AddConnectionString("lakebase")
    : postgres.AddDatabase("lakebase");

// The mock workspace, or a real one when DATABRICKS_HOST is set (live mode).
var databricks = builder.AddDatabricksWorkspace("databricks", postgres);

// The services call the workspace per request, so they start alongside it instead of waiting for its data.
var lakebaseApi = builder.AddProject<Projects.Lakebase_Service>("lakebase-api")
    .AsLocalService()
    .WithReference(lakebaseDb)
    .WithLakebaseCredentials(databricks)
    .WithReference(databricks)
    .WaitFor(lakebaseDb);

var catalogApi = builder.AddProject<Projects.Catalog_Service>("catalog-api")
    .AsLocalService()
    .WithReference(databricks)
    .WithWarehouse(databricks)
    .WithReference(lakebaseApi);

builder.AddProject<Projects.ModelServing_Service>("model-serving-api")
    .AsLocalService()
    .WithReference(lakebaseDb)
    .WithLakebaseCredentials(databricks)
    .WithReference(databricks)
    .WithReference(catalogApi)
    .WaitFor(lakebaseDb);

builder.PrintStartupSummary();

builder.Build().Run();
