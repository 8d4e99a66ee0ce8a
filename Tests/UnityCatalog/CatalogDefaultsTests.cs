using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.UnityCatalog;

/// <summary>
/// US4.2: a caller's saved preferences (read from lakebase-api with the caller's token) fill what a request leaves out;
/// without them, or without lakebase-api, configuration does.
/// </summary>
public sealed class CatalogDefaultsTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Fact]
    public async Task US4_2_saved_defaults_and_page_size_change_what_tables_and_query_return_for_that_user_only()
    {
        using var preferences = await PreferencesClient.NewUserAsync(Topology);
        await preferences.SaveAsync("unity_catalog.defaults", new { catalog = "samples", schema = "tpch" });
        await preferences.SaveAsync("unity_catalog.page_size", 7);
        using var user = For(Topology, preferences.UserName, preferences.Token);
        using var other = await NewUserAsync(Topology);

        var tables = await user.OkAsync("tables");
        tables.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("full_name").GetString()).Should().Equal("samples.tpch.nation", "samples.tpch.region");
        Names(await user.OkAsync("table-names")).Should().Equal("nation", "region");
        Names(await user.OkAsync("schemas")).Should().Equal("tpch");
        var query = await user.OkAsync("query", "table=nation");
        query.GetProperty("data_source").GetProperty("full_name").GetString().Should().Be("samples.tpch.nation");
        query.GetProperty("limit").GetInt32().Should().Be(7);
        query.GetProperty("row_count").GetInt32().Should().Be(7);
        query.GetProperty("next_offset").GetInt32().Should().Be(7);
        var posted = await user.QueryOkAsync(new { table = "region" });
        posted.GetProperty("row_count").GetInt32().Should().Be(5);
        posted.GetProperty("limit").GetInt32().Should().Be(7);
        (await user.OkAsync("query", "table=nation&limit=30")).GetProperty("row_count").GetInt32().Should().Be(25, "the request's own limit wins");
        (await user.OkAsync("tables", "catalog=main&schema=default")).GetProperty("total_count").GetInt32().Should().Be(4, "the request's own coordinates win");

        // Another user has no preferences: configuration (main.default) and a limit of 100.
        Names(await other.OkAsync("table-names")).Should().Equal("café_ventes", "customers", "orders", "updates");
        var theirs = await other.OkAsync("query", "table=orders");
        theirs.GetProperty("data_source").GetProperty("full_name").GetString().Should().Be("main.default.orders");
        theirs.GetProperty("limit").GetInt32().Should().Be(100);
        theirs.GetProperty("row_count").GetInt32().Should().Be(100);
    }

    [Fact]
    public async Task A_default_schema_is_used_only_with_its_own_catalog()
    {
        using var preferences = await PreferencesClient.NewUserAsync(Topology);
        await preferences.SaveAsync("unity_catalog.defaults", new { catalog = "samples", schema = "tpch" });
        using var user = For(Topology, preferences.UserName, preferences.Token);

        using var response = await user.GetAsync("tables", "catalog=main");

        await InvalidAsync(response, "schema");
        Names(await user.OkAsync("table-names", "catalog=samples")).Should().Equal("nation", "region");
    }

    [Theory]
    [InlineData(5000)]
    [InlineData("twenty")]
    public async Task A_page_size_preference_outside_1_to_1000_is_ignored(object pageSize)
    {
        using var preferences = await PreferencesClient.NewUserAsync(Topology);
        await preferences.SaveAsync("unity_catalog.page_size", pageSize);
        await preferences.SaveAsync("unity_catalog.defaults", "not an object");
        using var user = For(Topology, preferences.UserName, preferences.Token);

        var query = await user.OkAsync("query", "table=orders");

        query.GetProperty("limit").GetInt32().Should().Be(100);
        query.GetProperty("data_source").GetProperty("full_name").GetString().Should().Be("main.default.orders");
    }

    [Fact]
    public async Task Without_a_working_lakebase_api_configuration_gives_the_defaults_and_the_service_still_answers()
    {
        // catalog-api-degraded reads preferences from a lakebase-api without a database (503), and is configured with samples.tpch.
        using var preferences = await PreferencesClient.NewUserAsync(Topology);
        await preferences.SaveAsync("unity_catalog.defaults", new { catalog = "main", schema = "sales" });
        await preferences.SaveAsync("unity_catalog.page_size", 3);
        using var user = For(Topology, preferences.UserName, preferences.Token, Resources.CatalogApiDegraded);

        Names(await user.OkAsync("table-names")).Should().Equal("nation", "region");
        var query = await user.OkAsync("query", "table=region");
        query.GetProperty("limit").GetInt32().Should().Be(100);
        query.GetProperty("row_count").GetInt32().Should().Be(5);
        query.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var logs = await Topology.Telemetry.WaitForLogsAsync(Resources.CatalogApiDegraded, null,
            all => all.Any(l => l.Body.Contains("configuration defaults apply", StringComparison.Ordinal)), timeout.Token);
        logs.Where(l => l.Body.Contains("configuration defaults apply", StringComparison.Ordinal))
            .Should().OnlyContain(l => l.Severity.StartsWith("Warn", StringComparison.OrdinalIgnoreCase), "falling back is logged as a warning");
    }

    [Fact]
    public async Task Lists_need_a_catalog_and_schema_when_neither_the_request_nor_a_default_gives_them()
    {
        using var preferences = await PreferencesClient.NewUserAsync(Topology);
        await preferences.SaveAsync("unity_catalog.defaults", new { catalog = "samples" });
        using var user = For(Topology, preferences.UserName, preferences.Token);

        using var tables = await user.GetAsync("tables", "catalog=main");
        await InvalidAsync(tables, "schema");
        using var bad = await user.GetAsync("table-names", "catalog=a.b&schema=c d&limit=0");
        await InvalidAsync(bad, "catalog", "schema", "limit");
        using var badTable = await user.GetAsync("tables/main/default/" + Uri.EscapeDataString("a b"));
        await InvalidAsync(badTable, "table");
        using var longName = await user.GetAsync("tables/main/" + new string('s', 256) + "/customers");
        await InvalidAsync(longName, "schema");
        using var badSchemas = await user.GetAsync("schemas", "limit=0");
        await InvalidAsync(badSchemas, "limit");
        using var badCatalogs = await user.GetAsync("catalogs", "offset=-1");
        await InvalidAsync(badCatalogs, "offset");
    }
}
