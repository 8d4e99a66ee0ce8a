using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.MockDatabricks;

/// <summary>A failed statement is an HTTP 200 with state FAILED, a bracketed error class and its SQLSTATE.</summary>
public sealed class StatementFailureTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private readonly MockWorkspace _workspace = new(topology);

    [Theory]
    [InlineData("SELECT * FROM main.default.nope", "[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`default`.`nope` cannot be found.", "42P01")]
    [InlineData("SELECT * FROM nowhere.at.none", "[TABLE_OR_VIEW_NOT_FOUND] The table or view `nowhere`.`at`.`none` cannot be found.", "42P01")]
    [InlineData("SELECT nope FROM main.default.customers", "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nope` cannot be resolved. Did you mean one of the following? [`id`, `name`", "42703")]
    [InlineData("SELECT nope", "[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION]", "42703")]
    [InlineData("SELECT FROM WHERE", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'WHERE'.", "42601")]
    [InlineData("SELECT id FROM main.default.customers WHERE", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'end of input'.", "42601")]
    [InlineData("DELETE FROM main.default.customers", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'DELETE'.", "42601")]
    [InlineData("SELECT 1; SELECT 2", "[PARSE_SYNTAX_ERROR] Syntax error at or near ';'.", "42601")]
    [InlineData("SELECT id FROM main.default.customers WHERE id <=> 1", "[PARSE_SYNTAX_ERROR] Syntax error at or near '<=>'.", "42601")]
    [InlineData("SELECT ? FROM x", "[PARSE_SYNTAX_ERROR] Syntax error at or near '?'.", "42601")]
    [InlineData("SELECT 1.2.3", "[PARSE_SYNTAX_ERROR] Syntax error at or near '1.2.3'.", "42601")]
    [InlineData("SELECT 12abc", "[PARSE_SYNTAX_ERROR] Syntax error at or near '12a'.", "42601")]
    [InlineData("SELECT 'unterminated", "[PARSE_SYNTAX_ERROR]", "42601")]
    [InlineData("SELECT 1 /* open", "[PARSE_SYNTAX_ERROR] Syntax error at or near '/*'.", "42601")]
    [InlineData("SELECT * FROM", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'end of input'.", "42601")]
    [InlineData("SELECT * FROM WHERE", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'WHERE'.", "42601")]
    [InlineData("  ;", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'end of input'.", "42601")]
    [InlineData("SELECT pg_sleep(1)", "[UNRESOLVED_ROUTINE] Cannot resolve routine `pg_sleep`", "42883")]
    [InlineData("SELECT set_config('role', 'postgres', true)", "[UNRESOLVED_ROUTINE] Cannot resolve routine `set_config`", "42883")]
    [InlineData("SELECT `set_config`('role', 'postgres', true)", "[UNRESOLVED_ROUTINE] Cannot resolve routine `set_config`", "42883")]
    [InlineData("SELECT `pg_catalog`.`pg_sleep`(1)", "[UNRESOLVED_ROUTINE] Cannot resolve routine `pg_sleep`", "42883")]
    [InlineData("SELECT `query_to_xml`('SELECT 1', true, false, '')", "[UNRESOLVED_ROUTINE] Cannot resolve routine `query_to_xml`", "42883")]
    [InlineData("SELECT `pg_advisory_lock`(1)", "[UNRESOLVED_ROUTINE] Cannot resolve routine `pg_advisory_lock`", "42883")]
    [InlineData("SELECT id FROM main.default.customers WHERE id = :missing", "[UNBOUND_SQL_PARAMETER] Found the unbound parameter: missing.", "42P02")]
    [InlineData("SELECT id FROM main.default.customers WHERE name = 5", "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES]", "42K09")]
    [InlineData("SELECT id FROM main.default.customers WHERE id = 'abc'", "[CAST_INVALID_INPUT]", "22018")]
    [InlineData("SELECT 1 / 0", "[DIVIDE_BY_ZERO] Division by zero.", "22012")]
    [InlineData("SELECT id, COUNT(*) FROM main.default.customers", "[MISSING_AGGREGATION]", "42803")]
    [InlineData("SELECT `a\0b` FROM main.default.customers", "[PARSE_SYNTAX_ERROR]", "42601")]
    public async Task Failures_carry_the_Databricks_error_class(string statement, string messageStart, string sqlState)
    {
        using var alice = _workspace.As("mock-token-alice");
        var result = await MockWorkspace.RunAsync(alice, statement);

        MockWorkspace.State(result).Should().Be("FAILED");
        MockWorkspace.ErrorMessage(result).Should().StartWith(messageStart);
        MockWorkspace.ErrorMessage(result).Should().Contain($"SQLSTATE: {sqlState}");
        result.GetProperty("status").GetProperty("sql_state").GetString().Should().Be(sqlState);
        result.GetProperty("status").GetProperty("error").GetProperty("error_code").GetString().Should().Be("BAD_REQUEST");
        result.TryGetProperty("manifest", out _).Should().BeFalse();
    }

    [Fact]
    public async Task An_allowed_function_may_be_written_in_backticks()
    {
        using var alice = _workspace.As("mock-token-alice");

        var result = await MockWorkspace.RunAsync(alice, "SELECT `count`(*) FROM main.default.customers");

        MockWorkspace.State(result).Should().Be("SUCCEEDED");
        result.GetProperty("result").GetProperty("data_array")[0][0].GetString().Should().Be("100");
    }

    [Theory]
    [InlineData("INT", "abc")]
    [InlineData("BIGINT", "1.5")]
    [InlineData("SMALLINT", "x")]
    [InlineData("DOUBLE", "one")]
    [InlineData("FLOAT", "one")]
    [InlineData("DECIMAL", "ten")]
    [InlineData("BOOLEAN", "maybe")]
    [InlineData("DATE", "2024-13-45")]
    [InlineData("TIMESTAMP_NTZ", "yesterday")]
    public async Task A_parameter_value_that_does_not_cast_fails_the_statement(string type, string value)
    {
        using var alice = _workspace.As("mock-token-alice");
        var result = await MockWorkspace.RunAsync(alice, "SELECT :p", [new { name = "p", value, type }]);

        MockWorkspace.State(result).Should().Be("FAILED");
        MockWorkspace.ErrorMessage(result).Should().StartWith("[CAST_INVALID_INPUT]");
        result.GetProperty("status").GetProperty("sql_state").GetString().Should().Be("22018");
    }

    [Fact]
    public async Task An_unknown_parameter_type_fails_the_statement()
    {
        using var alice = _workspace.As("mock-token-alice");
        var result = await MockWorkspace.RunAsync(alice, "SELECT :p", [new { name = "p", value = "1", type = "INTERVAL" }]);
        MockWorkspace.ErrorMessage(result).Should().StartWith("[UNSUPPORTED_DATATYPE]");
    }

    [Fact]
    public async Task A_syntax_error_PostgreSQL_finds_is_a_parse_error_too()
    {
        using var alice = _workspace.As("mock-token-alice");
        var result = await MockWorkspace.RunAsync(alice, "SELECT id FROM main.default.customers ORDER BY LIMIT 1");
        MockWorkspace.ErrorMessage(result).Should().StartWith("[PARSE_SYNTAX_ERROR] Syntax error at or near 'LIMIT'.");
    }

    [Fact]
    public async Task A_failure_is_only_shown_after_the_PENDING_and_RUNNING_polls_of_an_async_submit()
    {
        using var alice = _workspace.As("mock-token-alice");
        var submitted = await MockWorkspace.SubmitAsync(alice, "SELECT * FROM main.default.nope", waitTimeout: "0s");
        MockWorkspace.State(submitted).Should().Be("PENDING");
        var result = await MockWorkspace.PollUntilTerminalAsync(alice, submitted);
        MockWorkspace.State(result).Should().Be("FAILED");
        result.GetProperty("status").GetProperty("sql_state").GetString().Should().Be("42P01");
    }
}
