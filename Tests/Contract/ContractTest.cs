using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Databricks.Client;
using Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>
/// Base of the contract tests: the real <see cref="Databricks.Client.DatabricksClient"/>, registered the way a service
/// registers it, pointed at the mock workspace of the shared topology. Each test class gets its own client.
/// </summary>
public abstract class ContractTest(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private WebApplication? _host;

    protected MockWorkspace Workspace { get; } = new(topology);

    protected Databricks.Client.DatabricksClient Client =>
        _host?.Services.GetRequiredService<Databricks.Client.DatabricksClient>() ?? throw new InvalidOperationException("Not initialised.");

    protected static DatabricksToken Alice { get; } = new("mock-token-alice");

    protected static DatabricksToken Carol { get; } = new("mock-token-carol");

    protected static DatabricksToken ServicePrincipal { get; } = new("mock-token-sp");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _host = ContractClient.Build(App.GetEndpoint("databricks"), Topology.Output);
    }

    public override async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>Another client on the same mock, with options of its own (timeouts); dispose it at the end of the test.</summary>
    protected WebApplication CreateClientHost(Action<DatabricksClientOptions> configure) =>
        ContractClient.Build(App.GetEndpoint("databricks"), Topology.Output, configure);

    /// <summary>A fresh user like <paramref name="like"/>: the journal can then be read for this test's requests only.</summary>
    protected async Task<(string UserName, DatabricksToken Token)> NewUserAsync(string like = "alice@example.com")
    {
        var (userName, token) = await Workspace.NewUserAsync(like);
        return (userName, new DatabricksToken(token));
    }

    /// <summary>Runs <paramref name="body"/> with a fault in place and removes the fault afterwards, used up or not.</summary>
    protected async Task WithFaultAsync(object fault, Func<Task> body)
    {
        var id = await Workspace.AddFaultAsync(fault);
        try
        {
            await body();
        }
        finally
        {
            using var client = Workspace.Anonymous();
            using var deleted = await client.DeleteAsync(new Uri($"/__mock/faults/{id}", UriKind.Relative));
            // 404 once the fault's count is used up: the mock drops it by itself.
            deleted.StatusCode.Should().BeOneOf(HttpStatusCode.NoContent, HttpStatusCode.NotFound);
        }
    }

    /// <summary>The requests <paramref name="userName"/> made in <paramref name="area"/>, oldest first.</summary>
    protected async Task<IReadOnlyList<JournalEntry>> JournalAsync(string area, string userName)
    {
        return (await Workspace.RequestsOfAsync(userName, area))
            .Select(e => new JournalEntry(e.GetProperty("method").GetString()!, e.GetProperty("path").GetString()!, e.GetProperty("status").GetInt32()))
            .Reverse()
            .ToList();
    }

    /// <summary>Polls the statement (with a deadline) until it reaches a terminal state; returns every state seen.</summary>
    protected async Task<(StatementResponse Final, List<string> States)> PollUntilTerminalAsync(DatabricksToken token, StatementResponse response)
    {
        var states = new List<string> { response.Status.State };
        using var deadline = new CancellationTokenSource(MockWorkspace.Deadline);
        while (!response.Status.IsTerminal)
        {
            await Task.Delay(20, deadline.Token);
            response = await Client.Statements.GetAsync(token, response.StatementId, deadline.Token);
            states.Add(response.Status.State);
        }

        return (response, states);
    }

    protected async Task<StatementResponse> RunAsync(DatabricksToken token, StatementRequest request) =>
        (await PollUntilTerminalAsync(token, await Client.Statements.ExecuteAsync(token, request))).Final;

    protected static StatementRequest Sql(string statement) => new(statement, MockWorkspace.Warehouse);

    protected sealed record JournalEntry(string Method, string Path, int Status);
}

/// <summary>The client as a service gets it: <c>AddDatabricksClient()</c> with DATABRICKS_HOST set to the mock.</summary>
internal static class ContractClient
{
    public static WebApplication Build(Uri workspace, TestOutputSink output, Action<DatabricksClientOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DATABRICKS_HOST"] = workspace.ToString() });
        builder.Logging.ClearProviders().AddProvider(new TestOutputLoggerProvider(output));
        builder.AddDatabricksClient(configure);
        return builder.Build();
    }
}
