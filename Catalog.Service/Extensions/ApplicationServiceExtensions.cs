using Catalog.Service.Services;
using Catalog.Service.Services.Browse;
using Catalog.Service.Services.Defaults;
using Catalog.Service.Services.Query;
using Databricks.Client;

namespace Catalog.Service.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDatabricksClient();
        builder.Services.AddOpenApi(options => options.AddSchemaTransformer<QueryRowsSchemaTransformer>());
        builder.Services.AddOptions<CatalogOptions>()
            .Bind(builder.Configuration.GetSection("Databricks"))
            .Bind(builder.Configuration.GetSection("Catalog"))
            .Configure(options => options.WarehouseId ??= builder.Configuration["DATABRICKS_WAREHOUSE_ID"]);

        // The preference read has its own short timeout and fallback, so the standard resilience handler's retries
        // would only delay the answer when lakebase-api is down.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(CallerDefaultsProvider.HttpClientName)
            .RemoveAllResilienceHandlers()
            .RedactLoggedHeaders(_ => true);
#pragma warning restore EXTEXP0001

        builder.Services.AddSingleton<CallerDefaultsProvider>();
        builder.Services.AddSingleton<CatalogBrowser>();
        builder.Services.AddSingleton<StatementRunner>();
        builder.Services.AddSingleton<RowCountCache>();
        builder.Services.AddSingleton<TableQueryService>();
        builder.Services.AddSingleton<WorkspaceErrorFilter>();
        return builder;
    }
}
