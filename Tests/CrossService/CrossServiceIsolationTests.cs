using System.Net;
using System.Net.Http.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.CrossService;

/// <summary>
/// FR-005 across the services: for each pair, a second user tries every route by which the first user's data could be
/// reached (keys, prefixes, filters, offsets, another service reading on their behalf) and gets nothing of it.
/// </summary>
public sealed class CrossServiceIsolationTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Fact]
    public async Task Lakebase_and_catalog_one_users_preferences_are_neither_readable_writable_nor_applied_for_another()
    {
        using var owner = await Caller.NewAsync(Topology);
        using var intruder = await Caller.NewAsync(Topology);
        await owner.Preferences.SaveAsync("unity_catalog.defaults", new { catalog = "samples", schema = "tpch" });
        await owner.Preferences.SaveAsync("unity_catalog.page_size", 1);
        await owner.Preferences.SaveAsync("secret.note", "owner only");

        (await intruder.Preferences.ListAllAsync()).Should().BeEmpty();
        (await intruder.Preferences.ListAllAsync("key_prefix=secret")).Should().BeEmpty();
        foreach (var key in new[] { "secret.note", "unity_catalog.defaults" })
        {
            using var read = await intruder.Preferences.GetAsync(key);
            read.StatusCode.Should().Be(HttpStatusCode.NotFound, key);
            using var delete = await intruder.Preferences.DeleteAsync(key);
            delete.StatusCode.Should().Be(HttpStatusCode.NotFound, key);
        }

        // The intruder's own write under the same key is theirs alone, and catalog-api applies only the caller's.
        await intruder.Preferences.SaveAsync("unity_catalog.page_size", 4);
        (await owner.Catalog.OkAsync("query", "catalog=main&schema=default&table=customers")).GetProperty("row_count").GetInt32().Should().Be(1);
        (await intruder.Catalog.OkAsync("query", "catalog=main&schema=default&table=customers")).GetProperty("row_count").GetInt32().Should().Be(4);
        CatalogClient.Names(await intruder.Catalog.OkAsync("table-names", "catalog=main&schema=default")).Should().Contain("customers");
        var note = await PreferencesClient.JsonAsync(await owner.Preferences.GetAsync("secret.note"));
        note.GetProperty("preference_value").GetString().Should().Be("owner only");
    }

    [Fact]
    public async Task Catalog_and_model_serving_a_table_the_caller_may_not_read_stays_closed_directly_and_through_batch_scoring()
    {
        using var owner = await Caller.NewAsync(Topology, like: "admin@example.com");
        using var intruder = await Caller.NewAsync(Topology);
        var ledger = new { catalog = "finance", schema = "ledger", table = "entries", limit = 10 };
        (await owner.Catalog.QueryOkAsync(ledger)).GetProperty("row_count").GetInt32().Should().BePositive();

        using var direct = await intruder.Catalog.QueryAsync(ledger);
        await PreferencesClient.ProblemAsync(direct, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        using var tableInfo = await intruder.Catalog.GetAsync("tables/finance/ledger/entries");
        await PreferencesClient.ProblemAsync(tableInfo, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        CatalogClient.Names(await intruder.Catalog.OkAsync("catalogs")).Should().NotContain("finance");
        using var scored = await intruder.Serving.Http.PostAsJsonAsync(ModelServingClient.Route("/invoke"),
            new { endpoint_name = "no-schema-model", table_source = ledger });
        var problem = await PreferencesClient.ProblemAsync(scored, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        problem.GetRawText().Should().NotContain("6000-salaries", "no row of the ledger leaks through the error");
        (await intruder.Serving.InvocationAttemptsAsync("no-schema-model")).Should().Be(0, "nothing was sent to the model");
    }

    [Fact]
    public async Task Lakebase_and_model_serving_one_users_inference_log_is_hidden_through_every_filter_and_offset()
    {
        using var owner = await Caller.NewAsync(Topology);
        using var intruder = await Caller.NewAsync(Topology);
        await owner.Serving.InvokeOkAsync("chat-assistant", new { messages = new[] { new { role = "user", content = "private words" } } });
        using (var failed = await owner.Serving.InvokeAsync("not-ready-model", new { instances = new[] { new { x = 1.0 } } }))
        {
            failed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        (await owner.Serving.AllLogsAsync()).Should().HaveCount(2);
        foreach (var query in new[] { "", "endpoint_name=chat-assistant", "endpoint_name=not-ready-model", "status=SUCCESS", "status=ERROR", "offset=1" })
        {
            (await intruder.Serving.AllLogsAsync(query)).Should().BeEmpty(query);
        }

        using var page = await intruder.Serving.LogsAsync("limit=1&offset=1");
        (await PreferencesClient.JsonAsync(page)).GetProperty("total_count").GetInt32().Should().Be(0);
        // The log lives in the same Lakebase database as the preferences; neither service shows one user another's rows.
        (await intruder.Preferences.ListAllAsync()).Should().BeEmpty();
        var stored = await ModelServingClient.CountAsync(Topology,
            "SELECT count(*) FROM model_serving.inference_logs WHERE user_id = @user", ("user", owner.UserName));
        stored.Should().Be(2, "the rows exist; they are only not the intruder's");
    }
}
