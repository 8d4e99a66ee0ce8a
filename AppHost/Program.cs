using AppHost;

var builder = DistributedApplication.CreateBuilder(args)
    .WithDashboardDefaults();

var postgres = builder.AddPostgresServer("postgres");
var lakebaseDb = postgres.AddDatabase("lakebase");
var warehouseDb = postgres.AddDatabase("warehouse");

var databricks = builder.AddProject<Projects.MockDatabricks>("databricks")
    .AsLocalService()
    .WithReference(warehouseDb)
    .WaitFor(warehouseDb)
    .WithEnvironment("Mock__EnableControlApi", "true");

// The services call the workspace per request, so they start alongside it instead of waiting for its data.
var lakebaseApi = builder.AddProject<Projects.Lakebase_Service>("lakebase-api")
    .AsLocalService()
    .WithReference(lakebaseDb)
    .WithReference(databricks)
    .WaitFor(lakebaseDb);

var catalogApi = builder.AddProject<Projects.Catalog_Service>("catalog-api")
    .AsLocalService()
    .WithReference(databricks)
    .WithReference(lakebaseApi);

builder.AddProject<Projects.ModelServing_Service>("model-serving-api")
    .AsLocalService()
    .WithReference(lakebaseDb)
    .WithReference(databricks)
    .WithReference(catalogApi)
    .WaitFor(lakebaseDb);

builder.PrintStartupSummary();

builder.Build().Run();
