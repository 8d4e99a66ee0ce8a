using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.CrossService;

/// <summary>
/// User story 4: the three services as one system, for one caller at a time (US4.1, US4.2, US4.4) and for eight at once
/// (US4.3). Each caller is a fresh mock user, known to every service by the same token.
/// </summary>
public sealed class CrossServiceWorkflowTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    /// <summary>The churn model's features (churn-classifier's signature), one row per customer, ordered by customer.</summary>
    private static readonly object FeaturesTable = new
    {
        catalog = "main",
        schema = "sales",
        table = "customer_features",
        columns = new[] { "tenure", "monthly_charges", "contract" },
        limit = 100,
    };

    [Fact]
    public async Task US4_1_browse_query_detect_the_schema_invoke_with_the_rows_and_with_table_source_then_find_both_in_the_log()
    {
        using var caller = await Caller.NewAsync(Topology);

        Names(await caller.Catalog.OkAsync("catalogs")).Should().Contain("main");
        Names(await caller.Catalog.OkAsync("schemas", "catalog=main")).Should().Contain("sales");
        Names(await caller.Catalog.OkAsync("table-names", "catalog=main&schema=sales")).Should().Contain("customer_features");
        var table = await caller.Catalog.OkAsync("tables/main/sales/customer_features");
        table.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString())
            .Should().Equal("customer_id", "tenure", "monthly_charges", "contract");
        var rows = Rows(await caller.Catalog.QueryOkAsync(FeaturesTable));
        rows.Should().HaveCount(5);

        var schema = await PreferencesClient.JsonAsync(await caller.Serving.GetSchemaAsync("churn-classifier"));
        schema.GetProperty("status").GetString().Should().Be("SUCCESS");
        schema.GetProperty("detected_type").GetString().Should().Be("MLFLOW_MODEL");
        schema.GetProperty("schema").GetRawText().Should().Contain("tenure").And.Contain("monthly_charges").And.Contain("contract");

        var direct = await caller.Serving.InvokeOkAsync("churn-classifier", new { dataframe_records = rows });
        var scored = await caller.InvokeTableAsync("churn-classifier", FeaturesTable);

        var predictions = Predictions(direct);
        predictions.Should().HaveCount(5).And.OnlyContain(p => p > 0 && p < 1);
        predictions[0].Should().BeGreaterThan(predictions[2], "two months on a monthly contract churns more than seventy on a two-year one");
        Predictions(scored).Should().Equal(predictions, "table_source read the same rows through catalog-api");
        var logs = await caller.Serving.AllLogsAsync();
        logs.Select(l => l.GetProperty("request_id").GetString()).Should().Equal(
            scored.GetProperty("request_id").GetString(), direct.GetProperty("request_id").GetString());
        logs.Should().OnlyContain(l => l.GetProperty("status").GetString() == "SUCCESS"
            && l.GetProperty("user_id").GetString() == caller.UserName
            && l.GetProperty("endpoint_name").GetString() == "churn-classifier");
    }

    [Fact]
    public async Task US4_2_preferences_saved_through_lakebase_api_change_what_catalog_api_returns_from_the_next_call_on()
    {
        using var caller = await Caller.NewAsync(Topology);
        using var neighbour = await Caller.NewAsync(Topology);
        TableNames(await caller.Catalog.OkAsync("tables")).Should().Contain("customers", "configuration names main.default");

        await caller.Preferences.SaveAsync("unity_catalog.defaults", new { catalog = "samples", schema = "tpch" });
        await caller.Preferences.SaveAsync("unity_catalog.page_size", 2);

        TableNames(await caller.Catalog.OkAsync("tables")).Should().BeEquivalentTo("nation", "region");
        var page = await caller.Catalog.OkAsync("query", "catalog=samples&schema=tpch&table=nation");
        (page.GetProperty("limit").GetInt32(), page.GetProperty("row_count").GetInt32(), page.GetProperty("next_offset").GetInt32())
            .Should().Be((2, 2, 2));

        await caller.Preferences.SaveAsync("unity_catalog.page_size", 3);
        (await caller.Catalog.OkAsync("query", "catalog=samples&schema=tpch&table=nation")).GetProperty("row_count").GetInt32()
            .Should().Be(3, "the changed preference applies at once");

        TableNames(await neighbour.Catalog.OkAsync("tables")).Should().Contain("customers", "another caller's preferences are not theirs");
        (await neighbour.Catalog.OkAsync("query", "catalog=samples&schema=tpch&table=nation")).GetProperty("row_count").GetInt32().Should().Be(25);
    }

    [Fact]
    public async Task US4_3_eight_users_at_once_each_see_only_their_own_preferences_rows_and_inference_logs()
    {
        var callers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Caller.NewAsync(Topology)));
        try
        {
            var results = await Task.WhenAll(callers.Select((caller, i) => RunWorkflowAsync(caller, pageSize: i + 1)));

            foreach (var (caller, i) in callers.Select((c, i) => (c, i)))
            {
                var (requestId, rowCount) = results[i];
                rowCount.Should().Be(Math.Min(i + 1, 5), "{0} saved a page size of {1}", caller.UserName, i + 1);
                var preferences = await caller.Preferences.ListAllAsync();
                preferences.Should().OnlyContain(p => p.GetProperty("user_id").GetString() == caller.UserName);
                preferences.Single(p => p.GetProperty("preference_key").GetString() == "workflow.marker")
                    .GetProperty("preference_value").GetInt32().Should().Be(i);
                var logs = await caller.Serving.AllLogsAsync();
                logs.Should().ContainSingle().Which.GetProperty("request_id").GetString().Should().Be(requestId);
                logs[0].GetProperty("user_id").GetString().Should().Be(caller.UserName);
            }
        }
        finally
        {
            foreach (var caller in callers)
            {
                caller.Dispose();
            }
        }
    }

    [Fact]
    public async Task US4_4_every_invocation_across_endpoints_is_in_the_log_newest_first_with_its_status()
    {
        using var caller = await Caller.NewAsync(Topology);
        var chat = new { messages = new[] { new { role = "user", content = "Hello" } } };
        var invocations = new (string Endpoint, object Inputs, int? Timeout, HttpStatusCode Status, string LogStatus)[]
        {
            ("chat-assistant", chat, null, HttpStatusCode.OK, "SUCCESS"),
            ("text-embedder", new { input = new[] { "alpha", "beta" } }, null, HttpStatusCode.OK, "SUCCESS"),
            ("not-ready-model", new { instances = new[] { new { x = 1.0 } } }, null, HttpStatusCode.ServiceUnavailable, "ERROR"),
            ("churn-classifier", new { dataframe_records = new[] { new { tenure = 3, monthly_charges = 80.0, contract = "Month-to-month" } } }, null, HttpStatusCode.OK, "SUCCESS"),
            ("slow-model", new { instances = new[] { new { x = 1.0 } } }, 1, HttpStatusCode.ServiceUnavailable, "TIMEOUT"),
            ("chat-assistant", chat, null, HttpStatusCode.OK, "SUCCESS"),
        };

        foreach (var (endpoint, inputs, timeout, status, _) in invocations)
        {
            using var response = await caller.Serving.InvokeAsync(endpoint, inputs, timeout);
            response.StatusCode.Should().Be(status, endpoint);
        }

        var logs = await caller.Serving.AllLogsAsync();
        logs.Select(l => (l.GetProperty("endpoint_name").GetString(), l.GetProperty("status").GetString())).Should().Equal(
            invocations.Reverse().Select(i => ((string?)i.Endpoint, (string?)i.LogStatus)), "newest first, one row per invocation");
        logs.Select(l => l.GetProperty("created_at").GetDateTimeOffset()).Should().BeInDescendingOrder();
        logs.Select(l => l.GetProperty("request_id").GetString()).Should().OnlyHaveUniqueItems();
        logs.Where(l => l.GetProperty("status").GetString() != "SUCCESS").Should().OnlyContain(l => l.GetProperty("error_code").GetString()!.Length > 0);
    }

    /// <summary>One caller's whole workflow: preferences, a query sized by them, an invocation with the rows.</summary>
    private static async Task<(string RequestId, int RowCount)> RunWorkflowAsync(Caller caller, int pageSize)
    {
        await caller.Preferences.SaveAsync("workflow.marker", pageSize - 1);
        await caller.Preferences.SaveAsync("unity_catalog.page_size", pageSize);
        var query = await caller.Catalog.OkAsync("query", "catalog=main&schema=sales&table=customer_features&columns=tenure,monthly_charges,contract");
        var rows = Rows(query);
        var result = await caller.Serving.InvokeOkAsync("churn-classifier", new { dataframe_records = rows });
        Predictions(result).Should().HaveCount(rows.Count);
        return (result.GetProperty("request_id").GetString()!, query.GetProperty("row_count").GetInt32());
    }

    private static List<double> Predictions(JsonElement result) =>
        [.. result.GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble())];

    private static List<string> TableNames(JsonElement envelope) =>
        [.. envelope.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("table_name").GetString()!)];
}
