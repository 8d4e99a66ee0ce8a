using System.Net;
using System.Text.Json;
using Databricks.Client;

namespace Tests.DatabricksClient;

public sealed class SqlStatementsClientTests
{
    private const string Succeeded = """
        {"statement_id":"st-1","status":{"state":"SUCCEEDED"},
         "manifest":{"format":"JSON_ARRAY","schema":{"column_count":2,"columns":[{"name":"id","position":0,"type_name":"LONG","type_text":"BIGINT"},{"name":"name","position":1,"type_name":"STRING","type_text":"STRING"}]},
                     "total_row_count":3,"total_chunk_count":2,"chunks":[{"chunk_index":0,"row_offset":0,"row_count":2},{"chunk_index":1,"row_offset":2,"row_count":1}],"truncated":false},
         "result":{"chunk_index":0,"row_offset":0,"row_count":2,"data_array":[["1","a"],["2",null]],"next_chunk_index":1,"next_chunk_internal_link":"/api/2.0/sql/statements/st-1/result/chunks/1"}}
        """;

    [Fact]
    public async Task Submit_posts_the_statement_with_named_typed_parameters_and_wait_timeout()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json(Succeeded);
        var request = new StatementRequest("SELECT * FROM `main`.`default`.`customers` WHERE country = :country AND id > :min", "mock-warehouse")
        {
            Catalog = "main",
            Schema = "default",
            Parameters = [new("country", "FR"), new("min", "10", "BIGINT"), new("missing", null, "STRING")],
            WaitTimeout = TimeSpan.FromSeconds(30),
            OnWaitTimeout = "CONTINUE",
            RowLimit = 1000,
        };

        var response = await host.Client.Statements.ExecuteAsync(Tokens.Alice, request);

        response.Status.State.Should().Be(StatementStates.Succeeded);
        response.Status.IsTerminal.Should().BeTrue();
        response.Manifest!.Schema!.Columns!.Select(c => c.TypeText).Should().Equal("BIGINT", "STRING");
        response.Manifest.Chunks.Should().HaveCount(2);
        response.Result!.DataArray![1].Should().Equal("2", null);
        response.Result.NextChunkIndex.Should().Be(1);
        var sent = host.Handler.Single;
        sent.Method.Should().Be(HttpMethod.Post);
        sent.PathAndQuery.Should().Be("/api/2.0/sql/statements");
        sent.Authorization.Should().Be($"Bearer {Tokens.AliceValue}");
        using var body = JsonDocument.Parse(sent.Body!);
        var root = body.RootElement;
        root.GetProperty("statement").GetString().Should().StartWith("SELECT");
        root.GetProperty("warehouse_id").GetString().Should().Be("mock-warehouse");
        root.GetProperty("catalog").GetString().Should().Be("main");
        root.GetProperty("schema").GetString().Should().Be("default");
        root.GetProperty("wait_timeout").GetString().Should().Be("30s");
        root.GetProperty("on_wait_timeout").GetString().Should().Be("CONTINUE");
        root.GetProperty("row_limit").GetInt64().Should().Be(1000);
        var parameters = root.GetProperty("parameters").EnumerateArray().ToList();
        parameters[0].GetRawText().Should().Be("""{"name":"country","value":"FR"}""");
        parameters[1].GetRawText().Should().Be("""{"name":"min","value":"10","type":"BIGINT"}""");
        parameters[2].GetRawText().Should().Be("""{"name":"missing","type":"STRING"}""");
    }

    [Fact]
    public async Task A_minimal_submit_sends_only_what_was_set_and_zero_wait_is_asynchronous()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"statement_id":"st-2","status":{"state":"PENDING"}}""");

        var response = await host.Client.Statements.ExecuteAsync(
            Tokens.Alice, new StatementRequest("SELECT 1", "mock-warehouse") { WaitTimeout = TimeSpan.Zero });

        response.Status.IsTerminal.Should().BeFalse();
        response.Manifest.Should().BeNull();
        host.Handler.Single.Body.Should().Be("""{"statement":"SELECT 1","warehouse_id":"mock-warehouse","wait_timeout":"0s"}""");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(51)]
    [InlineData(5.5)]
    public async Task Wait_timeouts_outside_the_api_range_are_refused(double seconds)
    {
        await using var host = await DatabricksTestHost.StartAsync();

        var act = () => host.Client.Statements.ExecuteAsync(
            Tokens.Alice, new StatementRequest("SELECT 1", "w") { WaitTimeout = TimeSpan.FromSeconds(seconds) });

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
        host.Handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failed_statement_is_a_200_with_the_error_class()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"statement_id":"st-3","status":{"state":"FAILED","error":{"error_code":"BAD_REQUEST","message":"[TABLE_OR_VIEW_NOT_FOUND] The table or view `x` cannot be found. SQLSTATE: 42P01"},"sql_state":"42P01"}}""");

        var response = await host.Client.Statements.ExecuteAsync(Tokens.Alice, new StatementRequest("SELECT * FROM x", "w"));

        response.Status.State.Should().Be(StatementStates.Failed);
        response.Status.Error!.Message.Should().StartWith("[TABLE_OR_VIEW_NOT_FOUND]");
        response.Status.SqlState.Should().Be("42P01");
    }

    [Fact]
    public async Task Poll_chunks_by_index_and_by_link_and_cancel_use_the_statement_paths()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler
            .Json("""{"statement_id":"st-1","status":{"state":"RUNNING"}}""")
            .Json("""{"chunk_index":1,"row_offset":2,"row_count":1,"data_array":[["3","c"]],"next_chunk_index":2,"next_chunk_internal_link":"/api/2.0/sql/statements/st-1/result/chunks/2"}""")
            .Json("""{"chunk_index":2,"row_offset":3,"row_count":1,"data_array":[["4","d"]]}""")
            .Respond(HttpStatusCode.OK);

        var polled = await host.Client.Statements.GetAsync(Tokens.Alice, "st-1");
        var byIndex = await host.Client.Statements.GetChunkAsync(Tokens.Alice, "st-1", 1);
        var byLink = await host.Client.Statements.GetChunkAsync(Tokens.Alice, byIndex.NextChunkInternalLink!);
        await host.Client.Statements.CancelAsync(Tokens.Alice, "st-1");

        polled.Status.State.Should().Be(StatementStates.Running);
        byIndex.DataArray!.Single().Should().Equal("3", "c");
        byLink.NextChunkInternalLink.Should().BeNull();
        byLink.RowOffset.Should().Be(3);
        host.Handler.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").Should().Equal(
            "GET /api/2.0/sql/statements/st-1",
            "GET /api/2.0/sql/statements/st-1/result/chunks/1",
            "GET /api/2.0/sql/statements/st-1/result/chunks/2",
            "POST /api/2.0/sql/statements/st-1/cancel");
        host.Handler.Requests.Should().OnlyContain(r => r.Authorization == $"Bearer {Tokens.AliceValue}");
    }

    [Theory]
    [InlineData("https://evil.example.com/api/2.0/sql/statements/st-1/result/chunks/1")]
    [InlineData("//evil.example.com/api/2.0/sql/statements/x")]
    [InlineData("/api/2.0/other")]
    public async Task A_chunk_link_must_stay_on_the_workspace(string link)
    {
        await using var host = await DatabricksTestHost.StartAsync();

        var act = () => host.Client.Statements.GetChunkAsync(Tokens.Alice, link);

        await act.Should().ThrowAsync<ArgumentException>();
        host.Handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_statement_id_and_chunk_index_are_validated()
    {
        await using var host = await DatabricksTestHost.StartAsync();

        await FluentActions.Awaiting(() => host.Client.Statements.GetAsync(Tokens.Alice, ""))
            .Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => host.Client.Statements.GetChunkAsync(Tokens.Alice, "st", -1))
            .Should().ThrowAsync<ArgumentOutOfRangeException>();
        await FluentActions.Awaiting(() => host.Client.Statements.ExecuteAsync(Tokens.Alice, new StatementRequest("", "w")))
            .Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task An_unknown_statement_is_a_404()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(HttpStatusCode.NotFound, """{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Statement not found"}""");

        var act = () => host.Client.Statements.GetAsync(Tokens.Alice, "gone");

        (await act.Should().ThrowAsync<DatabricksApiException>()).Which.StatusCode.Should().Be(404);
    }
}
