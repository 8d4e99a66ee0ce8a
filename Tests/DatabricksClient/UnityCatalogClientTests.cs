using System.Net;
using Databricks.Client;

namespace Tests.DatabricksClient;

public sealed class UnityCatalogClientTests
{
    [Fact]
    public async Task Listing_catalogs_follows_tokens_through_empty_pages_until_the_token_is_gone()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler
            .Json("""{"catalogs":[{"name":"main","catalog_type":"MANAGED_CATALOG","created_at":1700000000000}],"next_page_token":"p 2"}""")
            .Json("""{"catalogs":[],"next_page_token":"p3"}""")
            .Json("""{"next_page_token":"p4"}""")
            .Json("""{"catalogs":[{"name":"samples"}],"next_page_token":""}""");

        var names = new List<string>();
        await foreach (var catalog in host.Client.UnityCatalog.ListCatalogsAsync(Tokens.Alice, maxResults: 1))
        {
            names.Add(catalog.Name);
        }

        names.Should().Equal("main", "samples");
        host.Handler.Requests.Select(r => r.PathAndQuery).Should().Equal(
            "/api/2.1/unity-catalog/catalogs?max_results=1",
            "/api/2.1/unity-catalog/catalogs?max_results=1&page_token=p%202",
            "/api/2.1/unity-catalog/catalogs?max_results=1&page_token=p3",
            "/api/2.1/unity-catalog/catalogs?max_results=1&page_token=p4");
        host.Handler.Requests.Should().OnlyContain(r => r.Method == HttpMethod.Get && r.Authorization == $"Bearer {Tokens.AliceValue}");
    }

    [Fact]
    public async Task A_single_page_reports_whether_more_exist()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"catalogs":[],"next_page_token":"next"}""").Json("""{"catalogs":[{"name":"main"}]}""");

        var first = await host.Client.UnityCatalog.ListCatalogsPageAsync(Tokens.Alice);
        var last = await host.Client.UnityCatalog.ListCatalogsPageAsync(Tokens.Alice, first.NextPageToken);

        first.Items.Should().BeEmpty();
        first.HasMore.Should().BeTrue();
        last.HasMore.Should().BeFalse();
        host.Handler.Requests.First().PathAndQuery.Should().Be("/api/2.1/unity-catalog/catalogs?max_results=0");
    }

    [Fact]
    public async Task Listing_schemas_and_tables_sends_the_parent_names()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler
            .Json("""{"schemas":[{"name":"default","catalog_name":"main","full_name":"main.default"}]}""")
            .Json("""{"tables":[{"name":"café_ventes","catalog_name":"main","schema_name":"default","full_name":"main.default.café_ventes","table_type":"MANAGED","columns":[{"name":"id","type_name":"LONG","type_text":"bigint","position":0,"nullable":false}]}]}""");

        var schemas = await host.Client.UnityCatalog.ListSchemasAsync(Tokens.Alice, "main", 50).ToListAsync();
        var tables = await host.Client.UnityCatalog.ListTablesAsync(Tokens.Alice, "main", "default").ToListAsync();

        schemas.Single().FullName.Should().Be("main.default");
        var table = tables.Single();
        table.Name.Should().Be("café_ventes");
        table.Columns!.Single().TypeName.Should().Be("LONG");
        host.Handler.Requests.Select(r => r.PathAndQuery).Should().Equal(
            "/api/2.1/unity-catalog/schemas?catalog_name=main&max_results=50",
            "/api/2.1/unity-catalog/tables?catalog_name=main&schema_name=default&max_results=0");
    }

    [Fact]
    public async Task Gets_escape_full_names_in_the_path()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler
            .Json("""{"name":"main","owner":"admin"}""")
            .Json("""{"name":"default","full_name":"main.default"}""")
            .Json("""{"name":"café_ventes","full_name":"main.default.café_ventes","properties":{"k":"v"}}""");

        var catalog = await host.Client.UnityCatalog.GetCatalogAsync(Tokens.Alice, "main");
        var schema = await host.Client.UnityCatalog.GetSchemaAsync(Tokens.Alice, "main.default");
        var table = await host.Client.UnityCatalog.GetTableAsync(Tokens.Alice, "main.default.café_ventes");

        catalog.Owner.Should().Be("admin");
        schema.FullName.Should().Be("main.default");
        table.Properties!["k"].Should().Be("v");
        host.Handler.Requests.Select(r => r.Uri.AbsolutePath).Should().Equal(
            "/api/2.1/unity-catalog/catalogs/main",
            "/api/2.1/unity-catalog/schemas/main.default",
            "/api/2.1/unity-catalog/tables/main.default.caf%C3%A9_ventes");
    }

    [Fact]
    public async Task A_missing_table_is_a_404_with_the_unity_catalog_code()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(HttpStatusCode.NotFound, """{"error_code":"TABLE_DOES_NOT_EXIST","message":"Table 'main.default.x' does not exist.","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"x","domain":"unity-catalog.databricks.com"},{"@type":"type.googleapis.com/google.rpc.RequestInfo","request_id":"req-42","serving_data":""}]}""");

        var act = () => host.Client.UnityCatalog.GetTableAsync(Tokens.Alice, "main.default.x");

        var error = (await act.Should().ThrowAsync<DatabricksApiException>()).Which;
        error.StatusCode.Should().Be(404);
        error.ErrorCode.Should().Be("TABLE_DOES_NOT_EXIST");
        error.RequestId.Should().Be("req-42");
        error.Message.Should().Contain("Table 'main.default.x' does not exist.");
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_any_call()
    {
        await using var host = await DatabricksTestHost.StartAsync();

        await FluentActions.Awaiting(() => host.Client.UnityCatalog.ListCatalogsPageAsync(Tokens.Alice, maxResults: -1))
            .Should().ThrowAsync<ArgumentOutOfRangeException>();
        await FluentActions.Awaiting(() => host.Client.UnityCatalog.GetCatalogAsync(Tokens.Alice, " "))
            .Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => host.Client.UnityCatalog.ListSchemasPageAsync(Tokens.Alice, ""))
            .Should().ThrowAsync<ArgumentException>();
        host.Handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Enumeration_stops_when_the_caller_cancels_between_pages()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"catalogs":[{"name":"main"}],"next_page_token":"more"}""");
        using var cancellation = new CancellationTokenSource();

        var act = async () =>
        {
            await foreach (var _ in host.Client.UnityCatalog.ListCatalogsAsync(Tokens.Alice, cancellationToken: cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        host.Handler.Requests.Should().ContainSingle();
    }
}
