using System.Diagnostics;
using Databricks.Client;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>
/// The retry rules (facts §1.3) against the mock's injected faults, proved by the mock's request journal. Every fault is
/// narrow (one target, a count of one) and removed afterwards; each test has its own user, so the journal shows only
/// its requests.
/// </summary>
[LongRunning]
public sealed class RetryContractTests(TopologyFixture topology, ITestOutputHelper output) : ContractTest(topology, output)
{
    private const string StatementsPath = "/api/2.0/sql/statements";

    [Fact]
    public async Task A_503_with_Retry_After_on_a_read_is_retried_and_succeeds()
    {
        var (user, token) = await NewUserAsync();

        await WithFaultAsync(new { principal = user, area = "unity-catalog", target = "samples", status = 503, count = 1, retry_after = 1 }, async () =>
        {
            var catalog = await Client.UnityCatalog.GetCatalogAsync(token, "samples");
            catalog.Name.Should().Be("samples");
        });

        (await JournalAsync("unity-catalog", user)).Should().Equal(
            new JournalEntry("GET", "/api/2.1/unity-catalog/catalogs/samples", 503),
            new JournalEntry("GET", "/api/2.1/unity-catalog/catalogs/samples", 200));
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_it_names()
    {
        var (user, token) = await NewUserAsync();
        var clock = Stopwatch.StartNew();

        await WithFaultAsync(new { principal = user, area = "unity-catalog", target = "main.default.orders", status = 429, count = 1, retry_after = 2 }, async () =>
        {
            (await Client.UnityCatalog.GetTableAsync(token, "main.default.orders")).Name.Should().Be("orders");
        });

        // Two seconds, not the one-second default: the header was read.
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9));
        (await JournalAsync("unity-catalog", user)).Select(e => e.Status).Should().Equal(429, 200);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_limit_goes_back_to_the_caller_at_once()
    {
        var (user, token) = await NewUserAsync();

        await WithFaultAsync(new { principal = user, area = "unity-catalog", target = "samples.tpch", status = 503, count = 1, retry_after = 120 }, async () =>
        {
            var call = () => Client.UnityCatalog.GetSchemaAsync(token, "samples.tpch");
            var error = (await call.Should().ThrowAsync<DatabricksApiException>()).Which;
            (error.StatusCode, error.ErrorCode).Should().Be((503, "TEMPORARILY_UNAVAILABLE"));
            error.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
            error.IsWorkspaceUnavailable.Should().BeTrue();
        });

        (await JournalAsync("unity-catalog", user)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_500_on_a_read_is_not_retried_but_a_504_is()
    {
        var (user, token) = await NewUserAsync();

        await WithFaultAsync(new { principal = user, area = "unity-catalog", target = "samples", status = 500, count = 1 }, async () =>
        {
            var call = () => Client.UnityCatalog.GetCatalogAsync(token, "samples");
            var error = (await call.Should().ThrowAsync<DatabricksApiException>()).Which;
            (error.StatusCode, error.ErrorCode).Should().Be((500, "INTERNAL_ERROR"));
            error.Message.Should().Contain("Injected fault");
            error.RequestId.Should().NotBeNullOrWhiteSpace();
        });
        await WithFaultAsync(new { principal = user, area = "unity-catalog", target = "samples.tpch", status = 504, count = 1 }, async () =>
        {
            (await Client.UnityCatalog.GetSchemaAsync(token, "samples.tpch")).FullName.Should().Be("samples.tpch");
        });

        (await JournalAsync("unity-catalog", user)).Select(e => (e.Path, e.Status)).Should().Equal(
            ("/api/2.1/unity-catalog/catalogs/samples", 500),
            ("/api/2.1/unity-catalog/schemas/samples.tpch", 504),
            ("/api/2.1/unity-catalog/schemas/samples.tpch", 200));
    }

    [Fact]
    public async Task A_500_on_a_statement_submit_is_not_retried()
    {
        var (user, token) = await NewUserAsync();

        await WithFaultAsync(new { principal = user, area = "sql", target = "samples.tpch.region", status = 500, count = 1 }, async () =>
        {
            var submit = () => Client.Statements.ExecuteAsync(token, Sql("SELECT COUNT(*) FROM samples.tpch.region"));
            var error = (await submit.Should().ThrowAsync<DatabricksApiException>()).Which;
            (error.StatusCode, error.ErrorCode).Should().Be((500, "INTERNAL_ERROR"));
        });

        // Had the client sent it again, the fault (count 1) was used up and the second submit would have succeeded.
        (await JournalAsync("sql", user)).Should().Equal(new JournalEntry("POST", StatementsPath, 500));
    }

    [Fact]
    public async Task A_503_on_a_statement_submit_is_retried_because_nothing_ran()
    {
        var (user, token) = await NewUserAsync();

        await WithFaultAsync(new { principal = user, area = "sql", target = "samples.tpch.nation", status = 503, count = 1, retry_after = 1 }, async () =>
        {
            var result = await RunAsync(token, Sql("SELECT COUNT(*) FROM samples.tpch.nation"));
            result.Result!.DataArray!.Single().Should().Equal("25");
        });

        (await JournalAsync("sql", user)).Where(e => e.Path == StatementsPath).Select(e => (e.Method, e.Status)).Should().Equal(("POST", 503), ("POST", 200));
    }

    [Fact]
    public async Task A_503_on_an_invocation_is_retried_but_a_504_is_not()
    {
        var (user, token) = await NewUserAsync();
        const string body = """{"messages":[{"role":"user","content":"ping"}]}""";

        await WithFaultAsync(new { principal = user, area = "serving", target = "chat-assistant", status = 503, count = 1, retry_after = 1 }, async () =>
        {
            var answer = await Client.ServingEndpoints.InvokeAsync(token, "chat-assistant", body);
            answer.Body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("You said: ping");
        });
        await WithFaultAsync(new { principal = user, area = "serving", target = "chat-assistant", status = 504, count = 1 }, async () =>
        {
            var call = () => Client.ServingEndpoints.InvokeAsync(token, "chat-assistant", body);
            var error = (await call.Should().ThrowAsync<DatabricksApiException>()).Which;
            (error.StatusCode, error.ErrorCode).Should().Be((504, "DEADLINE_EXCEEDED"));
        });

        (await JournalAsync("serving", user)).Select(e => (e.Method, e.Path, e.Status)).Should().Equal(
            ("POST", "/serving-endpoints/chat-assistant/invocations", 503),
            ("POST", "/serving-endpoints/chat-assistant/invocations", 200),
            ("POST", "/serving-endpoints/chat-assistant/invocations", 504));
    }

    [Fact]
    public async Task The_flaky_model_answers_503_503_200_and_the_client_sees_only_the_answer()
    {
        var (user, token) = await NewUserAsync();

        var answer = await Client.ServingEndpoints.InvokeAsync(token, "flaky-model", """{"dataframe_records":[{"x":1.5}]}""");

        answer.Body.GetProperty("predictions").GetArrayLength().Should().Be(1);
        (await JournalAsync("serving", user)).Select(e => e.Status).Should().Equal(503, 503, 200);
    }
}
