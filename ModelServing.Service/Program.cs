using Databricks.Client;
using ModelServing.Service.Apis;
using ModelServing.Service.Extensions;
using ServiceDefaults.Problems;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseRequestBodyLimits();
app.UseDatabricksIdentity();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapModelServingApi();

app.Run();
