using System.Globalization;
using Databricks.Client;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>The statement life cycle through the client: parameters, asynchronous submits, chunks, cancel and failures.</summary>
public sealed class StatementContractTests(TopologyFixture topology, ITestOutputHelper output) : ContractTest(topology, output)
{
    [Fact]
    public async Task Named_parameters_of_several_types_bind_and_the_manifest_types_the_columns()
    {
        var request = Sql(
            """
            SELECT id, name, signup_date, lifetime_value, active FROM main.default.customers
            WHERE id >= :low AND id < :high AND signup_date > :since AND active = :active AND name LIKE :pattern AND lifetime_value > :value
            ORDER BY id
            """) with
        {
            Parameters =
            [
                new("low", "10", "BIGINT"),
                new("high", "20.5", "DOUBLE"),
                new("since", "2023-01-31", "DATE"),
                new("active", "true", "BOOLEAN"),
                new("pattern", "Customer 01%"),
                new("value", "500.00", "DECIMAL(10,2)"),
            ],
            WaitTimeout = TimeSpan.FromSeconds(10),
        };

        var result = await RunAsync(Alice, request);

        result.Status.State.Should().Be(StatementStates.Succeeded, result.Status.Error?.Message);
        result.Manifest!.Schema!.Columns!.Select(c => (c.Name, c.TypeName)).Should().Equal(
            ("id", "LONG"), ("name", "STRING"), ("signup_date", "DATE"), ("lifetime_value", "DECIMAL"), ("active", "BOOLEAN"));
        // ids 11–19 sign up after 2023-01-31; 12, 15 and 18 are inactive, 19 is NULL, 11 is worth 409.75 and 13 NULL.
        result.Result!.DataArray!.Select(r => r[0]).Should().Equal("14", "16", "17");
        result.Result.DataArray![0].Should().Equal("14", "Customer 014", "2023-02-12", "521.50", "true");
        result.Manifest.TotalRowCount.Should().Be(3);
    }

    [Fact]
    public async Task A_null_parameter_is_SQL_NULL_and_a_malformed_one_fails_the_statement()
    {
        var nullParameter = await RunAsync(Alice, Sql("SELECT COUNT(*) FROM main.default.customers WHERE email = :email") with
        {
            Parameters = [new("email", null)],
        });
        nullParameter.Result!.DataArray!.Single().Should().Equal("0");

        var malformed = await RunAsync(Alice, Sql("SELECT id FROM main.default.customers WHERE id = :id") with { Parameters = [new("id", "abc", "INT")] });
        malformed.Status.State.Should().Be(StatementStates.Failed);
        malformed.Status.Error!.Message.Should().StartWith("[CAST_INVALID_INPUT]");
    }

    [Fact]
    public async Task Wait_timeout_zero_answers_PENDING_and_polling_reaches_SUCCEEDED()
    {
        var submitted = await Client.Statements.ExecuteAsync(Alice, Sql("SELECT COUNT(*) AS n FROM main.default.orders") with { WaitTimeout = TimeSpan.Zero });

        submitted.Status.State.Should().Be(StatementStates.Pending);
        submitted.StatementId.Should().NotBeNullOrWhiteSpace();
        submitted.Manifest.Should().BeNull();
        submitted.Result.Should().BeNull();

        var (final, states) = await PollUntilTerminalAsync(Alice, submitted);

        states.Distinct().Should().Equal(StatementStates.Pending, StatementStates.Running, StatementStates.Succeeded);
        final.StatementId.Should().Be(submitted.StatementId);
        final.Manifest!.Schema!.Columns!.Single().TypeName.Should().Be("LONG");
        final.Result!.DataArray!.Single().Should().Equal("1000");
    }

    [Fact]
    public async Task A_result_of_several_chunks_reassembles_by_index_and_by_link_to_the_exact_row_count()
    {
        var first = await RunAsync(Alice, Sql("SELECT id, amount FROM main.sales.transactions ORDER BY id LIMIT 2345"));

        first.Status.State.Should().Be(StatementStates.Succeeded, first.Status.Error?.Message);
        var manifest = first.Manifest!;
        manifest.TotalRowCount.Should().Be(2345);
        manifest.TotalChunkCount.Should().Be(3);
        manifest.Chunks!.Select(c => (c.ChunkIndex, c.RowOffset, c.RowCount)).Should().Equal((0, 0L, 1000L), (1, 1000L, 1000L), (2, 2000L, 345L));
        first.Result!.ChunkIndex.Should().Be(0);
        first.Result.NextChunkIndex.Should().Be(1);

        var byIndex = first.Result.DataArray!.ToList();
        for (var index = 1; index < manifest.TotalChunkCount; index++)
        {
            var chunk = await Client.Statements.GetChunkAsync(Alice, first.StatementId, index);
            chunk.ChunkIndex.Should().Be(index);
            chunk.RowOffset.Should().Be(byIndex.Count);
            byIndex.AddRange(chunk.DataArray!);
        }

        var byLink = first.Result.DataArray!.ToList();
        var links = new List<string>();
        var current = first.Result;
        while (current.NextChunkInternalLink is { } link)
        {
            links.Add(link);
            current = await Client.Statements.GetChunkAsync(Alice, link);
            byLink.AddRange(current.DataArray!);
        }

        current.NextChunkIndex.Should().BeNull("the last chunk links nowhere");
        links.Should().Equal($"/api/2.0/sql/statements/{first.StatementId}/result/chunks/1", $"/api/2.0/sql/statements/{first.StatementId}/result/chunks/2");
        byIndex.Should().HaveCount(2345);
        byIndex.Select(r => long.Parse(r[0]!, CultureInfo.InvariantCulture)).Should().Equal(Enumerable.Range(1, 2345).Select(i => (long)i));
        byLink.Should().BeEquivalentTo(byIndex, o => o.WithStrictOrdering());

        var outOfRange = () => Client.Statements.GetChunkAsync(Alice, first.StatementId, 3);
        (await outOfRange.Should().ThrowAsync<DatabricksApiException>()).Which.StatusCode.Should().Be(400);
    }

    [Fact]
    public async Task Cancel_ends_a_pending_statement_CANCELED_and_it_has_no_result()
    {
        var submitted = await Client.Statements.ExecuteAsync(Alice, Sql("SELECT COUNT(*) FROM main.sales.transactions") with { WaitTimeout = TimeSpan.Zero });
        submitted.Status.State.Should().Be(StatementStates.Pending);

        await Client.Statements.CancelAsync(Alice, submitted.StatementId);

        var (final, _) = await PollUntilTerminalAsync(Alice, submitted);
        final.Status.State.Should().Be(StatementStates.Canceled);
        final.Result.Should().BeNull();
        var chunk = () => Client.Statements.GetChunkAsync(Alice, submitted.StatementId, 0);
        var error = (await chunk.Should().ThrowAsync<DatabricksApiException>()).Which;
        (error.StatusCode, error.ErrorCode).Should().Be((400, "INVALID_STATE"));
    }

    [Fact]
    public async Task A_statement_that_fails_is_an_HTTP_200_with_FAILED_its_error_class_and_sql_state()
    {
        var missing = await RunAsync(Alice, Sql("SELECT * FROM main.default.nope"));

        missing.Status.State.Should().Be(StatementStates.Failed);
        missing.Status.Error!.Message.Should().StartWith("[TABLE_OR_VIEW_NOT_FOUND]");
        missing.Status.SqlState.Should().Be("42P01");
        missing.Manifest.Should().BeNull();
        missing.Result.Should().BeNull();

        var syntax = await RunAsync(Alice, Sql("SELECT FROM WHERE"));
        syntax.Status.Error!.Message.Should().StartWith("[PARSE_SYNTAX_ERROR]");
        syntax.Status.SqlState.Should().Be("42601");
    }

    [Fact]
    public async Task Reading_a_table_without_SELECT_fails_with_INSUFFICIENT_PERMISSIONS()
    {
        var (user, token) = await NewUserAsync();
        await Workspace.GrantAsync(user, "table", "main.default.orders", "SELECT", "revoke");

        var refused = await RunAsync(token, Sql("SELECT COUNT(*) FROM main.default.orders"));

        refused.Status.State.Should().Be(StatementStates.Failed);
        refused.Status.Error!.Message.Should().StartWith("[INSUFFICIENT_PERMISSIONS]");
        refused.Status.SqlState.Should().Be("42501");
        (await RunAsync(token, Sql("SELECT COUNT(*) FROM main.default.customers"))).Result!.DataArray!.Single().Should().Equal("100");
    }

    [Fact]
    public async Task Unknown_statements_warehouses_and_other_users_statements_are_404s()
    {
        var mine = await RunAsync(Alice, Sql("SELECT 1"));
        var (_, other) = await NewUserAsync();

        foreach (var call in new Func<Task>[]
                 {
                     () => Client.Statements.GetAsync(Alice, "01ef-no-such-statement"),
                     () => Client.Statements.GetAsync(other, mine.StatementId),
                     () => Client.Statements.GetChunkAsync(other, mine.StatementId, 0),
                     () => Client.Statements.ExecuteAsync(Alice, new StatementRequest("SELECT 1", "no-such-warehouse")),
                 })
        {
            var error = (await call.Should().ThrowAsync<DatabricksApiException>()).Which;
            (error.StatusCode, error.ErrorCode).Should().Be((404, "RESOURCE_DOES_NOT_EXIST"));
        }
    }
}
