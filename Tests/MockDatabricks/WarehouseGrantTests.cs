using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.MockDatabricks;

/// <summary>Statements run as the caller's PostgreSQL role, so the engine enforces Unity Catalog grants.</summary>
public sealed class WarehouseGrantTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private readonly MockWorkspace _workspace = new(topology);

    [Theory]
    [InlineData("mock-token-carol", "SELECT * FROM main.default.customers", "User does not have USE CATALOG on Catalog 'main'.")]
    [InlineData("mock-token-alice", "SELECT * FROM finance.ledger.entries", "User does not have USE CATALOG on Catalog 'finance'.")]
    [InlineData("mock-token-sp", "SELECT * FROM finance.ledger.entries", "User does not have USE CATALOG on Catalog 'finance'.")]
    public async Task Tables_outside_the_callers_grants_are_INSUFFICIENT_PERMISSIONS(string token, string statement, string missing)
    {
        using var client = _workspace.As(token);
        var result = await MockWorkspace.RunAsync(client, statement);

        MockWorkspace.State(result).Should().Be("FAILED");
        MockWorkspace.ErrorMessage(result).Should().Be($"[INSUFFICIENT_PERMISSIONS] Insufficient privileges: {missing} SQLSTATE: 42501");
        result.GetProperty("status").GetProperty("sql_state").GetString().Should().Be("42501");
    }

    [Fact]
    public async Task The_admin_reads_finance_and_the_service_principal_reads_main()
    {
        using var admin = _workspace.As("mock-token-admin");
        MockWorkspace.Rows(await MockWorkspace.RunAsync(admin, "SELECT COUNT(*) FROM finance.ledger.entries")).Single().Should().Equal("3");
        using var sp = _workspace.As("mock-token-sp");
        MockWorkspace.Rows(await MockWorkspace.RunAsync(sp, "SELECT COUNT(*) FROM main.default.orders")).Single().Should().Equal("1000");
        using var carol = _workspace.As("mock-token-carol");
        MockWorkspace.Rows(await MockWorkspace.RunAsync(carol, "SELECT COUNT(*) FROM samples.tpch.region")).Single().Should().Equal("5");
    }

    [Fact]
    public async Task Revoking_SELECT_takes_effect_on_the_next_statement_and_granting_it_back_too()
    {
        var (user, token) = await _workspace.NewUserAsync();
        using var client = _workspace.As(token);
        MockWorkspace.State(await MockWorkspace.RunAsync(client, "SELECT COUNT(*) FROM main.default.customers")).Should().Be("SUCCEEDED");

        await _workspace.GrantAsync(user, "table", "main.default.customers", "SELECT", "revoke");
        var refused = await MockWorkspace.RunAsync(client, "SELECT COUNT(*) FROM main.default.customers");
        MockWorkspace.ErrorMessage(refused).Should().StartWith("[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have SELECT on Table 'main.default.customers'.");
        MockWorkspace.State(await MockWorkspace.RunAsync(client, "SELECT COUNT(*) FROM main.default.orders")).Should().Be("SUCCEEDED");

        await _workspace.GrantAsync(user, "table", "main.default.customers", "SELECT", "grant");
        MockWorkspace.State(await MockWorkspace.RunAsync(client, "SELECT COUNT(*) FROM main.default.customers")).Should().Be("SUCCEEDED");

        await _workspace.GrantAsync(user, "schema", "main.default", "USE_SCHEMA", "revoke");
        MockWorkspace.ErrorMessage(await MockWorkspace.RunAsync(client, "SELECT COUNT(*) FROM main.default.customers"))
            .Should().Contain("User does not have USE SCHEMA on Schema 'main.default'.");

        using var alice = _workspace.As("mock-token-alice");
        MockWorkspace.State(await MockWorkspace.RunAsync(alice, "SELECT COUNT(*) FROM main.default.customers")).Should().Be("SUCCEEDED", "other users keep their grants");
    }

    [Fact]
    public async Task A_fresh_user_gets_a_PostgreSQL_role_with_the_grants_of_its_template()
    {
        var (user, token) = await _workspace.NewUserAsync("carol@example.com", $"carol-copy-{Guid.NewGuid():N}@example.com");
        user.Should().StartWith("carol-copy-");
        using var client = _workspace.As(token);

        MockWorkspace.State(await MockWorkspace.RunAsync(client, "SELECT * FROM samples.tpch.nation")).Should().Be("SUCCEEDED");
        MockWorkspace.ErrorMessage(await MockWorkspace.RunAsync(client, "SELECT * FROM main.default.customers")).Should().StartWith("[INSUFFICIENT_PERMISSIONS]");

        await using var connection = await App.OpenDatabaseAsync("warehouse");
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_roles r WHERE has_table_privilege(r.oid, 'samples__tpch.nation', 'SELECT') AND NOT has_schema_privilege(r.oid, 'main__default', 'USAGE') AND r.rolname LIKE 'dbx\\_%'",
            connection);
        ((long)(await command.ExecuteScalarAsync())!).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task The_reference_tables_are_in_the_warehouse_database()
    {
        await using var connection = await App.OpenDatabaseAsync("warehouse");
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM main__sales.transactions), (SELECT count(*) FROM main__default.customers WHERE email IS NULL),
                   (SELECT count(*) FROM "main__default"."café_ventes"), (SELECT version FROM mock_meta.seed)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        reader.GetInt64(0).Should().Be(1_000_000);
        reader.GetInt64(1).Should().BeGreaterThan(0);
        reader.GetInt64(2).Should().Be(5);
        reader.GetString(3).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Statements_log_in_as_a_role_that_holds_nothing_and_cannot_become_a_superuser()
    {
        using var alice = _workspace.As("mock-token-alice");
        MockWorkspace.State(await MockWorkspace.RunAsync(alice, "SELECT COUNT(*) FROM main.default.customers")).Should().Be("SUCCEEDED");

        await using var connection = await App.OpenDatabaseAsync("warehouse");
        await using var command = new NpgsqlCommand(
            """
            SELECT r.rolname, r.rolsuper, r.rolinherit, pg_has_role(r.oid, 'postgres', 'MEMBER'),
                   (SELECT count(*) FROM pg_stat_activity a WHERE a.usename = r.rolname AND a.datname = current_database())
            FROM pg_roles r WHERE r.rolname LIKE 'dbx\_%\_runner'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();

        (await reader.ReadAsync()).Should().BeTrue("the mock creates its statement runner role");
        reader.GetBoolean(1).Should().BeFalse("the runner is no superuser");
        reader.GetBoolean(2).Should().BeFalse("the runner inherits nothing: it reaches tables only through SET ROLE");
        reader.GetBoolean(3).Should().BeFalse("set_config('role', 'postgres', …) must be refused to it");
        reader.GetInt64(4).Should().BeGreaterThan(0, "statements run on connections that log in as the runner");
        (await reader.ReadAsync()).Should().BeFalse();
    }
}
