using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.MockDatabricks;

[LongRunning]
public sealed class StatementTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private readonly MockWorkspace _workspace = new(topology);

    private HttpClient Alice() => _workspace.As("mock-token-alice");

    [Fact]
    public async Task Inline_results_are_strings_typed_by_the_manifest()
    {
        using var alice = Alice();
        var result = await MockWorkspace.RunAsync(alice,
            "SELECT `id`, name, email, signup_date, lifetime_value, active FROM main.default.customers WHERE id IN (:a, :b) ORDER BY id",
            [new { name = "a", value = "10", type = "BIGINT" }, new { name = "b", value = "13", type = "LONG" }]);

        MockWorkspace.State(result).Should().Be("SUCCEEDED");
        var manifest = result.GetProperty("manifest");
        manifest.GetProperty("format").GetString().Should().Be("JSON_ARRAY");
        manifest.GetProperty("total_row_count").GetInt64().Should().Be(2);
        manifest.GetProperty("truncated").GetBoolean().Should().BeFalse();
        var columns = manifest.GetProperty("schema").GetProperty("columns").EnumerateArray().ToList();
        manifest.GetProperty("schema").GetProperty("column_count").GetInt32().Should().Be(6);
        columns.Select(c => (c.GetProperty("name").GetString(), c.GetProperty("type_name").GetString(), c.GetProperty("type_text").GetString(), c.GetProperty("position").GetInt32()))
            .Should().Equal(("id", "LONG", "BIGINT", 0), ("name", "STRING", "STRING", 1), ("email", "STRING", "STRING", 2),
                ("signup_date", "DATE", "DATE", 3), ("lifetime_value", "DECIMAL", "DECIMAL(10,2)", 4), ("active", "BOOLEAN", "BOOLEAN", 5));
        columns[4].GetProperty("type_precision").GetInt32().Should().Be(10);
        columns[4].GetProperty("type_scale").GetInt32().Should().Be(2);

        result.GetProperty("result").GetProperty("data_array").EnumerateArray().SelectMany(r => r.EnumerateArray())
            .Should().OnlyContain(c => c.ValueKind == JsonValueKind.String || c.ValueKind == JsonValueKind.Null);
        MockWorkspace.Rows(result).Should().BeEquivalentTo(new[]
        {
            new[] { "10", "Customer 010", null, "2023-01-31", "372.50", "true" },
            new[] { "13", "Customer 013", "customer13@example.com", "2023-02-09", null, "true" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Doubles_timestamps_and_counts_have_their_types()
    {
        using var alice = Alice();
        var result = await MockWorkspace.RunAsync(alice, "SELECT order_id, amount, ordered_at FROM main.default.orders WHERE order_id = :id",
            [new { name = "id", value = "1", type = "INT" }]);
        result.GetProperty("manifest").GetProperty("schema").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type_name").GetString())
            .Should().Equal("LONG", "DOUBLE", "TIMESTAMP");
        MockWorkspace.Rows(result).Single().Should().Equal("1", "10.13", "2024-01-01T01:37:00.000Z");

        var count = await MockWorkspace.RunAsync(alice, "SELECT COUNT(*) AS n FROM main.sales.transactions");
        count.GetProperty("manifest").GetProperty("schema").GetProperty("columns")[0].GetProperty("type_name").GetString().Should().Be("LONG");
        MockWorkspace.Rows(count).Single().Should().Equal("1000000");
    }

    [Fact]
    public async Task Parameters_of_several_types_bind_without_touching_the_sql_text()
    {
        using var alice = Alice();
        var result = await MockWorkspace.RunAsync(alice,
            """
            SELECT id FROM main.default.customers
            WHERE signup_date >= :since AND lifetime_value > :value AND active = :active AND name LIKE :pattern
              AND country <> :country AND id < :max AND lifetime_value IS NOT NULL AND email IS NOT NULL
            ORDER BY id DESC LIMIT :limit OFFSET :offset
            """,
            [
                new { name = "since", value = "2023-01-10", type = "DATE" },
                new { name = "value", value = "100.00", type = "DECIMAL(10,2)" },
                new { name = "active", value = "true", type = "BOOLEAN" },
                new { name = "pattern", value = "Customer 0%", type = (string?)null },
                new { name = "country", value = "'; DROP TABLE x; --", type = "STRING" },
                new { name = "max", value = "50.5", type = "DOUBLE" },
                new { name = "limit", value = "3", type = "INT" },
                new { name = "offset", value = "1", type = "SMALLINT" },
            ]);

        MockWorkspace.State(result).Should().Be("SUCCEEDED", result.ToString());
        MockWorkspace.Rows(result).Select(r => r[0]).Should().Equal("47", "46", "44");
    }

    [Fact]
    public async Task Timestamp_float_and_null_parameters_bind_too()
    {
        using var alice = Alice();
        var result = await MockWorkspace.RunAsync(alice,
            "SELECT COUNT(*) FROM main.default.orders WHERE ordered_at < :before AND amount >= :min AND (status = :none OR status IS NOT NULL)",
            [
                new { name = "before", value = "2024-01-02T00:00:00Z", type = "TIMESTAMP" },
                new { name = "min", value = "0", type = "FLOAT" },
                new { name = "none", value = (string?)null, type = "STRING" },
            ]);
        MockWorkspace.Rows(result).Single().Should().Equal("14");
    }

    [Fact]
    public async Task Unicode_and_keyword_like_table_names_work_with_defaults_and_literals()
    {
        using var alice = Alice();
        var ventes = await MockWorkspace.RunAsync(alice, "SELECT `produit`, `quantité`, prix FROM `café_ventes` WHERE produit = 'Café noir'", catalog: "main", schema: "default");
        MockWorkspace.Rows(ventes).Should().BeEquivalentTo([new[] { "Café noir", "12", "2.10" }]);

        var updates = await MockWorkspace.RunAsync(alice, "select id, description from default.updates where description = \"select * from nowhere\" -- a comment\n;");
        MockWorkspace.Rows(updates).Should().BeEquivalentTo([new[] { "5", "select * from nowhere" }]);

        var quoted = await MockWorkspace.RunAsync(alice, "SELECT COUNT(*) FROM `main`.`default`.`updates` /* block */ WHERE description <> 'it''s' AND description != 'x\\'y'");
        MockWorkspace.Rows(quoted).Single().Should().Equal("5");

        var nation = await MockWorkspace.RunAsync(alice, "SELECT n_name FROM nation WHERE n_regionkey == 3 ORDER BY n_nationkey LIMIT 2", catalog: "samples", schema: "tpch");
        MockWorkspace.Rows(nation).Select(r => r[0]).Should().Equal("FRANCE", "GERMANY");
    }

    [Fact]
    public async Task Functions_joins_and_aggregates_from_the_allow_list_run()
    {
        using var alice = Alice();
        var result = await MockWorkspace.RunAsync(alice,
            "SELECT r.r_name, COUNT(*) AS nations, max(lower(n.n_name)) FROM samples.tpch.nation n JOIN samples.tpch.region r ON n.n_regionkey = r.r_regionkey GROUP BY r.r_name ORDER BY r.r_name LIMIT 1");
        MockWorkspace.Rows(result).Single().Should().Equal("AFRICA", "5", "mozambique");

        var sums = await MockWorkspace.RunAsync(alice, "SELECT SUM(lifetime_value), avg(prix) FROM main.default.customers, main.default.`café_ventes` WHERE active IS NULL AND produit IS NULL");
        sums.GetProperty("manifest").GetProperty("schema").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type_text").GetString())
            .Should().Equal("DECIMAL(38,18)", "DECIMAL(38,18)");
    }

    [Fact]
    public async Task Large_results_come_in_chunks_linked_to_each_other()
    {
        using var alice = Alice();
        var first = await MockWorkspace.RunAsync(alice, "SELECT id, store FROM main.sales.transactions ORDER BY id LIMIT 2500");

        var manifest = first.GetProperty("manifest");
        manifest.GetProperty("total_row_count").GetInt64().Should().Be(2500);
        manifest.GetProperty("total_chunk_count").GetInt32().Should().Be(3);
        manifest.GetProperty("chunks").EnumerateArray().Select(c => (c.GetProperty("chunk_index").GetInt32(), c.GetProperty("row_offset").GetInt64(), c.GetProperty("row_count").GetInt64()))
            .Should().Equal((0, 0L, 1000L), (1, 1000L, 1000L), (2, 2000L, 500L));

        var rows = MockWorkspace.Rows(first);
        var chunk = first.GetProperty("result");
        while (chunk.TryGetProperty("next_chunk_internal_link", out var link))
        {
            var index = chunk.GetProperty("next_chunk_index").GetInt32();
            link.GetString().Should().EndWith($"/result/chunks/{index}");
            chunk = await alice.GetFromJsonAsync<JsonElement>(link.GetString());
            chunk.GetProperty("chunk_index").GetInt32().Should().Be(index);
            rows.AddRange(chunk.GetProperty("data_array").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()).ToArray()));
        }

        rows.Select(r => long.Parse(r[0]!, System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(Enumerable.Range(1, 2500).Select(i => (long)i));
        chunk.TryGetProperty("next_chunk_index", out _).Should().BeFalse();

        var id = first.GetProperty("statement_id").GetString();
        using var outOfRange = await alice.GetAsync(new Uri($"/api/2.0/sql/statements/{id}/result/chunks/3", UriKind.Relative));
        outOfRange.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Row_limit_truncates_and_an_empty_result_has_no_rows()
    {
        using var alice = Alice();
        var limited = await MockWorkspace.SubmitAsync(alice, "SELECT order_id FROM main.default.orders ORDER BY order_id", rowLimit: 5, waitTimeout: "10s");
        limited.GetProperty("manifest").GetProperty("truncated").GetBoolean().Should().BeTrue();
        MockWorkspace.Rows(limited).Should().HaveCount(5);

        var empty = await MockWorkspace.RunAsync(alice, "SELECT order_id FROM main.default.orders WHERE order_id < 0");
        MockWorkspace.State(empty).Should().Be("SUCCEEDED");
        empty.GetProperty("manifest").GetProperty("total_row_count").GetInt64().Should().Be(0);
        MockWorkspace.Rows(empty).Should().BeEmpty();
    }

    [Fact]
    public async Task Wait_timeout_zero_is_PENDING_then_RUNNING_then_terminal()
    {
        using var alice = Alice();
        var submitted = await MockWorkspace.SubmitAsync(alice, "SELECT COUNT(*) FROM main.default.customers", waitTimeout: "0s");
        MockWorkspace.State(submitted).Should().Be("PENDING");
        submitted.TryGetProperty("manifest", out _).Should().BeFalse();
        var url = $"/api/2.0/sql/statements/{submitted.GetProperty("statement_id").GetString()}";

        var states = new List<string> { "PENDING" };
        using var deadline = new CancellationTokenSource(MockWorkspace.Deadline);
        while (states[^1] is "PENDING" or "RUNNING")
        {
            var polled = await alice.GetFromJsonAsync<JsonElement>(url, deadline.Token);
            states.Add(MockWorkspace.State(polled));
        }

        states.Distinct().Should().Equal("PENDING", "RUNNING", "SUCCEEDED");
        MockWorkspace.Rows(await alice.GetFromJsonAsync<JsonElement>(url)).Single().Should().Equal("100");
    }

    [Fact]
    public async Task Cancel_before_completion_ends_CANCELED_and_a_finished_statement_stays_finished()
    {
        using var alice = Alice();
        var submitted = await MockWorkspace.SubmitAsync(alice, "SELECT COUNT(*) FROM main.sales.transactions", waitTimeout: "0s");
        var id = submitted.GetProperty("statement_id").GetString();
        using (var cancel = await alice.PostAsync(new Uri($"/api/2.0/sql/statements/{id}/cancel", UriKind.Relative), null))
        {
            cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var polled = await alice.GetFromJsonAsync<JsonElement>($"/api/2.0/sql/statements/{id}");
        MockWorkspace.State(polled).Should().Be("CANCELED");
        using (var chunk = await alice.GetAsync(new Uri($"/api/2.0/sql/statements/{id}/result/chunks/0", UriKind.Relative)))
        {
            chunk.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await MockWorkspace.JsonAsync(chunk)).GetProperty("error_code").GetString().Should().Be("INVALID_STATE");
        }

        var done = await MockWorkspace.RunAsync(alice, "SELECT 1 AS one");
        var doneId = done.GetProperty("statement_id").GetString();
        (await alice.PostAsync(new Uri($"/api/2.0/sql/statements/{doneId}/cancel", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        MockWorkspace.State(await alice.GetFromJsonAsync<JsonElement>($"/api/2.0/sql/statements/{doneId}")).Should().Be("SUCCEEDED");
    }

    [Fact]
    public async Task A_slow_statement_is_RUNNING_after_the_wait_and_CANCEL_on_timeout_cancels_it()
    {
        // A caller of its own: the fault slows down only this caller's statements.
        var (user, token) = await _workspace.NewUserAsync();
        using var alice = _workspace.As(token);
        var fault = await _workspace.AddFaultAsync(new { principal = user, area = "sql", target = "region", status = 200, count = 3, delay_ms = 8000 });
        try
        {
            var running = await MockWorkspace.SubmitAsync(alice, "SELECT * FROM samples.tpch.region", waitTimeout: "5s");
            MockWorkspace.State(running).Should().Be("RUNNING");
            var id = running.GetProperty("statement_id").GetString();
            (await alice.PostAsync(new Uri($"/api/2.0/sql/statements/{id}/cancel", UriKind.Relative), null)).EnsureSuccessStatusCode();
            MockWorkspace.State(await alice.GetFromJsonAsync<JsonElement>($"/api/2.0/sql/statements/{id}")).Should().Be("CANCELED");

            using var response = await alice.PostAsJsonAsync("/api/2.0/sql/statements", new
            {
                statement = "SELECT * FROM samples.tpch.region", warehouse_id = MockWorkspace.Warehouse, wait_timeout = "5s", on_wait_timeout = "CANCEL",
            });
            MockWorkspace.State(await MockWorkspace.JsonAsync(response)).Should().Be("CANCELED");
        }
        finally
        {
            await _workspace.DeleteFaultAsync(fault);
        }
    }

    [Fact]
    public async Task Statements_belong_to_their_owner_and_unknown_ids_are_404()
    {
        using var alice = Alice();
        var result = await MockWorkspace.RunAsync(alice, "SELECT 1");
        var id = result.GetProperty("statement_id").GetString();
        using var bob = _workspace.As("mock-token-bob");

        foreach (var path in new[] { $"/api/2.0/sql/statements/{id}", $"/api/2.0/sql/statements/{id}/result/chunks/0", "/api/2.0/sql/statements/nope" })
        {
            using var response = await bob.GetAsync(new Uri(path, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await MockWorkspace.JsonAsync(response)).GetProperty("error_code").GetString().Should().Be("RESOURCE_DOES_NOT_EXIST");
        }

        (await bob.PostAsync(new Uri($"/api/2.0/sql/statements/{id}/cancel", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_warehouse_is_listed_and_unknown_warehouses_are_refused()
    {
        using var alice = Alice();
        var list = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/sql/warehouses");
        var warehouse = list.GetProperty("warehouses").EnumerateArray().Single();
        warehouse.GetProperty("id").GetString().Should().Be("mock-warehouse");
        warehouse.GetProperty("state").GetString().Should().Be("RUNNING");
        (await alice.GetFromJsonAsync<JsonElement>("/api/2.0/sql/warehouses/mock-warehouse")).GetProperty("name").GetString().Should().NotBeNullOrEmpty();

        using var get = await alice.GetAsync(new Uri("/api/2.0/sql/warehouses/nope", UriKind.Relative));
        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var submit = await alice.PostAsJsonAsync("/api/2.0/sql/statements", new { statement = "SELECT 1", warehouse_id = "nope" });
        submit.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await MockWorkspace.JsonAsync(submit)).GetProperty("error_code").GetString().Should().Be("RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("""{"warehouse_id":"mock-warehouse"}""", 400)]
    [InlineData("""{"statement":"SELECT 1"}""", 400)]
    [InlineData("""{"statement":"SELECT 1","warehouse_id":"mock-warehouse","wait_timeout":"3s"}""", 400)]
    [InlineData("""{"statement":"SELECT 1","warehouse_id":"mock-warehouse","wait_timeout":"51s"}""", 400)]
    [InlineData("""{"statement":"SELECT 1","warehouse_id":"mock-warehouse","wait_timeout":"ten"}""", 400)]
    [InlineData("""{"statement":"SELECT 1","warehouse_id":"mock-warehouse","on_wait_timeout":"STOP"}""", 400)]
    [InlineData("""{"statement":"SELECT 1","warehouse_id":"mock-warehouse","disposition":"EXTERNAL_LINKS"}""", 501)]
    [InlineData("""{"statement":"SELECT 1","warehouse_id":"mock-warehouse","disposition":"ELSEWHERE"}""", 400)]
    [InlineData("""{"statement":"SELECT 1","warehouse_id":"mock-warehouse","format":"CSV"}""", 400)]
    [InlineData("""{"statement":"SELECT 1","warehouse_id":"mock-warehouse","row_limit":-1}""", 400)]
    public async Task Requests_the_API_cannot_accept_get_an_error_body(string body, int status)
    {
        using var alice = Alice();
        using var response = await alice.PostAsync(new Uri("/api/2.0/sql/statements", UriKind.Relative),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).Should().Be(status);
        (await MockWorkspace.JsonAsync(response)).GetProperty("message").GetString().Should().NotBeNullOrEmpty();
    }
}
