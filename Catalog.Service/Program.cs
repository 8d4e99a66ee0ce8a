using Catalog.Service.Apis;
using Catalog.Service.Extensions;
using Databricks.Client;
using ServiceDefaults.Problems;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseRequestBodyLimits();
app.UseDatabricksIdentity();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapUnityCatalogApi();

app.Run();
