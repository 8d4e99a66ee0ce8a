using Databricks.Client;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>Per-attempt timeouts and the caller's cancellation, against a mock that answers late (a delay-only fault).</summary>
public sealed class TimeoutContractTests(TopologyFixture topology, ITestOutputHelper output) : ContractTest(topology, output)
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_read_that_times_out_is_tried_again_and_succeeds()
    {
        var (user, token) = await NewUserAsync();
        await using var host = CreateClientHost(o => o.RequestTimeout = ShortTimeout);
        var client = host.Services.GetRequiredService<Databricks.Client.DatabricksClient>();

        await WithFaultAsync(new { principal = user, area = "unity-catalog", target = "samples", status = 200, count = 1, delay_ms = 5000 }, async () =>
        {
            // Only the first attempt is delayed (count 1): getting the catalog at all proves the second attempt.
            (await client.UnityCatalog.GetCatalogAsync(token, "samples")).Name.Should().Be("samples");
        });
    }

    [Fact]
    public async Task An_invocation_that_times_out_is_not_tried_again()
    {
        var (user, token) = await NewUserAsync();
        await using var host = CreateClientHost(o => o.InvocationTimeout = ShortTimeout);
        var client = host.Services.GetRequiredService<Databricks.Client.DatabricksClient>();

        await WithFaultAsync(new { principal = user, area = "serving", target = "chat-assistant", status = 200, count = 1, delay_ms = 5000 }, async () =>
        {
            // A second attempt would not be delayed (count 1) and would answer: the error proves there was none.
            var call = () => client.ServingEndpoints.InvokeAsync(token, "chat-assistant", """{"messages":[{"role":"user","content":"late"}]}""");
            var error = (await call.Should().ThrowAsync<DatabricksApiException>()).Which;
            error.StatusCode.Should().BeNull();
            error.ErrorCode.Should().Be(DatabricksApiException.TimeoutCode);
            error.IsWorkspaceUnavailable.Should().BeTrue();
        });
    }

    [Fact]
    public async Task The_callers_cancellation_propagates_as_is()
    {
        var (user, token) = await NewUserAsync();

        await WithFaultAsync(new { principal = user, area = "unity-catalog", target = "samples.tpch", status = 200, count = 1, delay_ms = 5000 }, async () =>
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var call = () => Client.UnityCatalog.GetSchemaAsync(token, "samples.tpch", cancellation.Token);
            await call.Should().ThrowAsync<OperationCanceledException>();
        });
    }
}
