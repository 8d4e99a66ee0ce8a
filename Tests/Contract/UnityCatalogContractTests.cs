using Databricks.Client;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>Unity Catalog lists (following page tokens, through empty pages) and gets, with their 404 and 403 errors.</summary>
public sealed class UnityCatalogContractTests(TopologyFixture topology, ITestOutputHelper output) : ContractTest(topology, output)
{
    private const string Area = "unity-catalog";

    [Fact]
    public async Task Listing_catalogs_one_at_a_time_follows_every_token_through_pages_the_caller_cannot_see()
    {
        var (user, token) = await NewUserAsync();

        var catalogs = await Client.UnityCatalog.ListCatalogsAsync(token, maxResults: 1).Select(c => c.Name).ToListAsync();

        catalogs.Should().Equal("main", "samples");
        // finance comes first and is not visible: its page is empty and still carries a token.
        (await JournalAsync(Area, user)).Should().HaveCount(3).And.OnlyContain(e => e.Path == "/api/2.1/unity-catalog/catalogs" && e.Status == 200);
    }

    [Fact]
    public async Task An_empty_page_still_carries_a_token_and_the_next_pages_hold_the_rest()
    {
        var (_, carol) = await NewUserAsync("carol@example.com");

        var first = await Client.UnityCatalog.ListCatalogsPageAsync(carol, maxResults: 1);
        first.Items.Should().BeEmpty();
        first.HasMore.Should().BeTrue();
        var second = await Client.UnityCatalog.ListCatalogsPageAsync(carol, first.NextPageToken, maxResults: 1);
        second.Items.Should().BeEmpty("main is not carol's either");
        second.HasMore.Should().BeTrue();
        var third = await Client.UnityCatalog.ListCatalogsPageAsync(carol, second.NextPageToken, maxResults: 1);
        third.Items.Select(c => c.Name).Should().Equal("samples");
        third.HasMore.Should().BeFalse();

        (await Client.UnityCatalog.ListCatalogsAsync(carol, maxResults: 1).Select(c => c.Name).ToListAsync()).Should().Equal("samples");
        (await Client.UnityCatalog.ListCatalogsAsync(carol).Select(c => c.Name).ToListAsync()).Should().Equal("samples");
    }

    [Fact]
    public async Task Schemas_and_tables_list_across_pages_with_small_max_results()
    {
        var schemas = await Client.UnityCatalog.ListSchemasAsync(Alice, "main", maxResults: 1).ToListAsync();
        schemas.Select(s => (s.Name, s.CatalogName, s.FullName)).Should().Equal(("default", "main", "main.default"), ("sales", "main", "main.sales"));

        var tables = await Client.UnityCatalog.ListTablesAsync(Alice, "main", "default", maxResults: 3).ToListAsync();
        tables.Select(t => t.FullName).Should().Equal("main.default.café_ventes", "main.default.customers", "main.default.orders", "main.default.updates");
        tables.Should().OnlyContain(t => t.CatalogName == "main" && t.SchemaName == "default" && t.TableType == "MANAGED");

        var page = await Client.UnityCatalog.ListTablesPageAsync(Alice, "main", "default", maxResults: 3);
        page.Items.Should().HaveCount(3);
        page.HasMore.Should().BeTrue();
    }

    [Fact]
    public async Task A_revoked_table_drops_out_of_the_list_leaving_an_empty_page_with_a_token()
    {
        var (user, token) = await NewUserAsync();
        await Workspace.GrantAsync(user, "table", "main.default.café_ventes", "SELECT", "revoke");
        await Workspace.GrantAsync(user, "table", "main.default.customers", "SELECT", "revoke");

        var first = await Client.UnityCatalog.ListTablesPageAsync(token, "main", "default", maxResults: 2);
        first.Items.Should().BeEmpty();
        first.HasMore.Should().BeTrue();

        (await Client.UnityCatalog.ListTablesAsync(token, "main", "default", maxResults: 2).Select(t => t.Name).ToListAsync())
            .Should().Equal("orders", "updates");
    }

    [Fact]
    public async Task Gets_answer_typed_catalogs_schemas_and_tables()
    {
        var catalog = await Client.UnityCatalog.GetCatalogAsync(Alice, "samples");
        catalog.Name.Should().Be("samples");
        catalog.CatalogType.Should().Be("MANAGED_CATALOG");
        catalog.CreatedAt.Should().BeGreaterThan(1_600_000_000_000, "timestamps are epoch milliseconds");

        var schema = await Client.UnityCatalog.GetSchemaAsync(Alice, "samples.tpch");
        (schema.Name, schema.CatalogName, schema.FullName).Should().Be(("tpch", "samples", "samples.tpch"));

        var table = await Client.UnityCatalog.GetTableAsync(Alice, "main.default.customers");
        table.FullName.Should().Be("main.default.customers");
        table.DataSourceFormat.Should().Be("DELTA");
        table.Columns!.Select(c => (c.Name, c.TypeName, c.Position)).Should().Equal(
            ("id", "LONG", 0), ("name", "STRING", 1), ("email", "STRING", 2), ("country", "STRING", 3),
            ("signup_date", "DATE", 4), ("lifetime_value", "DECIMAL", 5), ("active", "BOOLEAN", 6));
        table.Columns![5].Should().Match<ColumnInfo>(c => c.TypeText == "decimal(10,2)" && c.TypePrecision == 10 && c.TypeScale == 2);

        (await Client.UnityCatalog.GetTableAsync(Alice, "main.default.café_ventes")).Name.Should().Be("café_ventes");
    }

    [Theory]
    [InlineData("catalog", "nope", "CATALOG_DOES_NOT_EXIST", "Catalog 'nope' does not exist.")]
    [InlineData("schema", "main.nope", "SCHEMA_DOES_NOT_EXIST", "Schema 'main.nope' does not exist.")]
    [InlineData("table", "main.default.nope", "TABLE_DOES_NOT_EXIST", "Table 'main.default.nope' does not exist.")]
    public async Task A_missing_object_is_a_404_with_its_error_code_and_request_id(string kind, string name, string code, string message)
    {
        var error = await ThrowsAsync(kind, Alice, name);

        error.StatusCode.Should().Be(404);
        error.ErrorCode.Should().Be(code);
        error.Message.Should().EndWith(message);
        error.RequestId.Should().NotBeNullOrWhiteSpace("the mock sends a RequestInfo detail");
    }

    [Theory]
    [InlineData("catalog", "main", "User does not have USE CATALOG on Catalog 'main'.")]
    [InlineData("schema", "main.default", "User does not have USE CATALOG on Catalog 'main'.")]
    [InlineData("table", "main.default.customers", "User does not have USE CATALOG on Catalog 'main'.")]
    public async Task An_object_without_privilege_is_a_403_PERMISSION_DENIED(string kind, string name, string message)
    {
        var error = await ThrowsAsync(kind, Carol, name);

        error.StatusCode.Should().Be(403);
        error.ErrorCode.Should().Be("PERMISSION_DENIED");
        error.Message.Should().EndWith(message);
    }

    [Fact]
    public async Task A_revoked_SELECT_is_a_403_on_the_table_and_listing_a_forbidden_catalog_is_a_403()
    {
        var (user, token) = await NewUserAsync();
        await Workspace.GrantAsync(user, "table", "main.default.orders", "SELECT", "revoke");

        var table = await ThrowsAsync("table", token, "main.default.orders");
        (table.StatusCode, table.ErrorCode).Should().Be((403, "PERMISSION_DENIED"));
        table.Message.Should().EndWith("User does not have SELECT on Table 'main.default.orders'.");

        var list = async () => await Client.UnityCatalog.ListSchemasAsync(Carol, "main").ToListAsync();
        (await list.Should().ThrowAsync<DatabricksApiException>()).Which.StatusCode.Should().Be(403);
    }

    [Fact]
    public async Task A_page_token_of_another_list_is_a_400_INVALID_PARAMETER_VALUE()
    {
        var catalogs = await Client.UnityCatalog.ListCatalogsPageAsync(Alice, maxResults: 1);

        var wrongList = () => Client.UnityCatalog.ListSchemasPageAsync(Alice, "main", catalogs.NextPageToken, maxResults: 1);

        var error = (await wrongList.Should().ThrowAsync<DatabricksApiException>()).Which;
        (error.StatusCode, error.ErrorCode).Should().Be((400, "INVALID_PARAMETER_VALUE"));
    }

    private async Task<DatabricksApiException> ThrowsAsync(string kind, DatabricksToken token, string name)
    {
        Func<Task> get = kind switch
        {
            "catalog" => () => Client.UnityCatalog.GetCatalogAsync(token, name),
            "schema" => () => Client.UnityCatalog.GetSchemaAsync(token, name),
            _ => () => Client.UnityCatalog.GetTableAsync(token, name),
        };
        return (await get.Should().ThrowAsync<DatabricksApiException>()).Which;
    }
}
