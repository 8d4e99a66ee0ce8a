using Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres");
var lakebaseDb = postgres.AddDatabase("lakebase");
var warehouseDb = postgres.AddDatabase("warehouse");

var databricks = builder.AddProject<Projects.MockDatabricks>("databricks")
    .WithReference(warehouseDb)
    .WaitFor(warehouseDb)
    .WithEnvironment("Mock__EnableControlApi", "true")
    .WithHttpHealthCheck("/health");

// The services call the workspace per request, so they start alongside it instead of waiting for its data.
var lakebaseApi = builder.AddProject<Projects.Lakebase_Service>("lakebase-api")
    .WithReference(lakebaseDb)
    .WithReference(databricks)
    .WaitFor(lakebaseDb)
    .WithHttpHealthCheck("/health");

var catalogApi = builder.AddProject<Projects.Catalog_Service>("catalog-api")
    .WithReference(databricks)
    .WithReference(lakebaseApi)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.ModelServing_Service>("model-serving-api")
    .WithReference(lakebaseDb)
    .WithReference(databricks)
    .WithReference(catalogApi)
    .WaitFor(lakebaseDb)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
