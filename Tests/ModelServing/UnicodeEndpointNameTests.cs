using System.Net;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.ModelServing;

/// <summary>
/// The spec's edge case on special characters for endpoint names (api-contract.md §1.5): a Unicode name, percent-encoded
/// by the caller, reaches the workspace unchanged, is 404 <c>ENDPOINT_NOT_FOUND</c> on every route (never a 400 or a
/// 5xx), and its inference log row keeps the name, which <c>/logs?endpoint_name=</c> finds.
/// </summary>
public sealed class UnicodeEndpointNameTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const string Name = "modèle-prévision-日本";

    [Fact]
    public async Task A_Unicode_endpoint_name_reaches_the_workspace_unchanged_and_is_404_ENDPOINT_NOT_FOUND_on_every_route()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var detail = await user.GetEndpointAsync(Name);
        using var schema = await user.GetSchemaAsync(Name);
        using var invoke = await user.InvokeAsync(Name, new { instances = new[] { 1 } });

        (await ProblemAsync(detail, HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND")).GetProperty("detail").GetString().Should().Contain(Name);
        await ProblemAsync(schema, HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        await ProblemAsync(invoke, HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");

        // The mock's journal holds the paths it decoded: the name arrived whole, in UTF-8, on both serving routes.
        (await user.ServingJournalAsync()).Select(e => (e.Path, e.Status)).Should().Contain(
            [($"/api/2.0/serving-endpoints/{Name}", 404), ($"/serving-endpoints/{Name}/invocations", 404)]);

        // The failed invocation is logged under the same name, and the filter finds it through a percent-encoded query.
        var row = (await user.AllLogsAsync($"endpoint_name={Uri.EscapeDataString(Name)}")).Should().ContainSingle().Which;
        row.GetProperty("endpoint_name").GetString().Should().Be(Name);
        row.GetProperty("status").GetString().Should().Be("ERROR");
        row.GetProperty("error_code").GetString().Should().Be("ENDPOINT_NOT_FOUND");
        row.GetProperty("user_id").GetString().Should().Be(user.UserName);
    }
}
