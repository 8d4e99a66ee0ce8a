using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.ModelServing;

/// <summary>
/// Batch scoring with <c>table_source</c> (US4.1): the rows are read through catalog-api as the caller, with the
/// caller's trace, and sent to the model as <c>dataframe_records</c>, one prediction per row. catalog-api's refusals
/// keep their status and code (403 CATALOG_PERMISSION_DENIED, 404 TABLE_NOT_FOUND); its 400 becomes INVALID_INPUT.
/// </summary>
public sealed class BatchScoringTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>The five nations of region 1 in TPC-H; no-schema-model scores any columns.</summary>
    private static readonly object AmericasTable = new
    {
        catalog = "samples",
        schema = "tpch",
        table = "nation",
        columns = new[] { "n_nationkey", "n_name" },
        filters = new[] { new { column = "n_regionkey", op = "eq", value = (object)1 } },
        limit = 100,
    };

    [Fact]
    public async Task US4_1_a_filtered_table_is_scored_one_prediction_per_row_as_the_caller_and_in_the_callers_trace()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        using var trace = TestTrace.Start();
        var traceId = trace.TraceId;
        using var request = trace.Request(HttpMethod.Post, ModelServingClient.Route("/invoke"));
        request.Content = JsonContent.Create(new { endpoint_name = "no-schema-model", table_source = AmericasTable });

        using var response = await user.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await JsonAsync(response);
        var predictions = result.GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble()).ToList();
        predictions.Should().HaveCount(5, "region 1 has five nations");
        // The same rows sent by hand score the same: the service sent exactly the rows catalog-api read.
        var rows = await ReadRowsAsync(user);
        rows.Should().HaveCount(5);
        var direct = await user.InvokeOkAsync("no-schema-model", new { dataframe_records = rows });
        direct.GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble()).Should().Equal(predictions);

        var log = (await user.AllLogsAsync()).Last();
        log.GetProperty("request_id").GetString().Should().Be(result.GetProperty("request_id").GetString());
        log.GetProperty("inputs").GetProperty("table_source").GetProperty("table").GetString().Should().Be("nation");
        using var timeout = new CancellationTokenSource(Deadline);
        var spans = await Topology.Telemetry.WaitForSpansAsync(Resources.CatalogApi, traceId,
            all => all.Any(s => s.TraceId == traceId && s.IsServer), timeout.Token);
        spans.Should().Contain(s => s.TraceId == traceId && s.Attributes.Contains(new KeyValuePair<string, string>("http.route", "/api/unity-catalog/query")),
            "catalog-api's work is part of the caller's trace");
    }

    [Fact]
    public async Task A_caller_without_SELECT_on_the_table_gets_403_CATALOG_PERMISSION_DENIED_and_nothing_is_invoked()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        await new MockWorkspace(Topology).GrantAsync(user.UserName, "table", "samples.tpch.nation", "SELECT", "revoke");

        using var response = await user.Http.PostAsJsonAsync(ModelServingClient.Route("/invoke"),
            new { endpoint_name = "no-schema-model", table_source = AmericasTable });

        await ProblemAsync(response, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        (await user.InvocationAttemptsAsync("no-schema-model")).Should().Be(0);
        var log = (await user.AllLogsAsync()).Should().ContainSingle().Subject;
        (log.GetProperty("status").GetString(), log.GetProperty("error_code").GetString()).Should().Be(("ERROR", "CATALOG_PERMISSION_DENIED"));
    }

    [Fact]
    public async Task A_missing_table_is_404_TABLE_NOT_FOUND_and_a_bad_column_is_400_INVALID_INPUT()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var missing = await user.Http.PostAsJsonAsync(ModelServingClient.Route("/invoke"),
            new { endpoint_name = "no-schema-model", table_source = new { catalog = "samples", schema = "tpch", table = "no_such_table" } });
        using var badColumn = await user.Http.PostAsJsonAsync(ModelServingClient.Route("/invoke"),
            new { endpoint_name = "no-schema-model", table_source = new { catalog = "samples", schema = "tpch", table = "nation", columns = new[] { "no_such_column" } } });

        await ProblemAsync(missing, HttpStatusCode.NotFound, "TABLE_NOT_FOUND");
        var problem = await ProblemAsync(badColumn, HttpStatusCode.BadRequest, "INVALID_INPUT");
        problem.GetProperty("errors").TryGetProperty("table_source", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_warehouse_that_stays_unavailable_is_503_CATALOG_UNAVAILABLE_with_retry_after()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        var workspace = new MockWorkspace(Topology);
        var fault = await workspace.AddFaultAsync(new { principal = user.UserName, area = "sql", status = 503, count = 0, retry_after = 1 });
        try
        {
            using var response = await user.Http.PostAsJsonAsync(ModelServingClient.Route("/invoke"),
                new { endpoint_name = "no-schema-model", table_source = AmericasTable });

            await RetryableAsync(response, "CATALOG_UNAVAILABLE");
        }
        finally
        {
            await workspace.DeleteFaultAsync(fault);
        }

        (await user.InvocationAttemptsAsync("no-schema-model")).Should().Be(0);
    }

    private async Task<List<JsonElement>> ReadRowsAsync(ModelServingClient user)
    {
        using var catalog = App.CreateHttpClient(Resources.CatalogApi);
        catalog.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", user.Token);
        using var response = await catalog.PostAsJsonAsync(new Uri("/api/unity-catalog/query", UriKind.Relative), AmericasTable);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await JsonAsync(response)).GetProperty("rows").EnumerateArray()];
    }
}
