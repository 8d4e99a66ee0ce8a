using System.Net;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.UnityCatalog;

/// <summary>
/// The 503 of every route when the workspace behind it stays unavailable through the client's retries, and the body
/// cap of POST /query: the documented answers of each route that only a fault or an oversize body shows.
/// </summary>
[LongRunning]
public sealed class CatalogUnavailableTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const int EveryAttempt = 4;
    private readonly MockWorkspace _workspace = new(topology);

    [Theory]
    [InlineData("catalogs", "")]
    [InlineData("schemas", "catalog=main")]
    [InlineData("table-names", "catalog=main&schema=default")]
    [InlineData("tables", "catalog=main&schema=default")]
    [InlineData("tables/main/default/customers", "")]
    public async Task A_browse_route_answers_503_WORKSPACE_UNAVAILABLE_while_Unity_Catalog_is_down(string route, string query)
    {
        using var user = await NewUserAsync(Topology);
        // One answer per attempt of the client, so the fault is used up by this request.
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "unity-catalog", status = 503, count = EveryAttempt, retry_after = 1 });

        using (var response = await user.GetAsync(route, query))
        {
            await PreferencesClient.RetryableAsync(response, "WORKSPACE_UNAVAILABLE");
        }

        using var recovered = await user.GetAsync(route, query);
        recovered.StatusCode.Should().Be(HttpStatusCode.OK, "the workspace is back");
    }

    [Fact]
    public async Task POST_query_answers_503_WAREHOUSE_UNAVAILABLE_while_the_warehouse_stays_busy()
    {
        using var user = await NewUserAsync(Topology);
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "sql", target = "main.default.orders", status = 503, count = EveryAttempt, retry_after = 1 });

        using var response = await user.QueryAsync(new { catalog = "main", schema = "default", table = "orders", limit = 5 });

        await PreferencesClient.RetryableAsync(response, "WAREHOUSE_UNAVAILABLE");
    }

    [Fact]
    public async Task A_query_body_over_the_cap_is_refused_with_413_before_it_is_read()
    {
        using var user = await NewUserAsync(Topology);
        // Above catalog-api's 256 KiB cap on a query body.
        var filler = new string('x', 300 * 1024);
        var json = $$"""{"catalog":"main","schema":"default","table":"orders","filters":[{"column":"status","op":"eq","value":"{{filler}}"}]}""";

        using var response = await user.PostRawAsync(json);

        await PreferencesClient.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }
}
