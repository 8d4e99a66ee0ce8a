using AppHost;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tests.Support;

/// <summary>
/// The AppHost's topology in live mode: <c>DATABRICKS_HOST</c> points the services at a workspace and the AppHost leaves
/// its mock out. Against a real workspace that is all. With <c>LIVE_WORKSPACE=mock</c>, the mock is started here as a
/// stranger to the app (its own resource, a fixed loopback port, its own warehouse database) and the app knows it only
/// by that URL, as it would know a real workspace.
/// </summary>
public sealed class LiveFixture : IAsyncLifetime
{
    private const string RemoteMockName = "remote-workspace";
    private DistributedApplication? _app;

    public LiveWorkspace Workspace { get; } = LiveWorkspace.Current;

    public TestOutputSink Output { get; } = new();

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The live topology has not started.");

    /// <summary>The workspace's base address, as the services were given it.</summary>
    public Uri WorkspaceUrl { get; private set; } = null!;

    public IDisposable AttachOutput(Xunit.Abstractions.ITestOutputHelper output) => Output.Attach(output);

    /// <summary>A client of <paramref name="resource"/> that sends the live caller's token as the Databricks Apps proxy does.</summary>
    public HttpClient CallerOf(string resource)
    {
        var http = App.CreateHttpClient(resource);
        http.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", Workspace.Token);
        return http;
    }

    /// <summary>A client of the workspace itself, authenticated as the live caller.</summary>
    public HttpClient WorkspaceClient()
    {
        var http = new HttpClient { BaseAddress = WorkspaceUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Workspace.Token);
        return http;
    }

    public async Task InitializeAsync()
    {
        if (Workspace.SkipReason is not null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TopologyFixture.StartTimeout);
        var port = Workspace.IsMock ? FreeLoopbackPort() : 0;
        WorkspaceUrl = Workspace.IsMock ? new Uri($"http://127.0.0.1:{port}/") : new Uri(Workspace.Host!.Contains("://") ? Workspace.Host : "https://" + Workspace.Host);

        List<string> args = [$"{LiveWorkspace.HostVariable}={WorkspaceUrl}"];
        if (Workspace.WarehouseId is { } warehouse)
        {
            args.Add($"{LiveWorkspace.WarehouseVariable}={warehouse}");
        }

        args.AddRange(Workspace.IsMock ? MockAppCredentials() : LiveWorkspace.PassedThrough());

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([.. args], timeout.Token);
        builder.Services.AddLogging(logging => logging.AddTestOutput(Output));
        if (Workspace.IsMock)
        {
            AddRemoteMock(builder, port);
            LogInToLakebaseAsTheApp(builder);
        }

        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.WaitForAllHealthyAsync(timeout.Token);
    }

    private static void AddRemoteMock(IDistributedApplicationBuilder builder, int port)
    {
        var warehouse = builder.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == Resources.Postgres) switch
        {
            LocalPostgresServerResource local => builder.CreateResourceBuilder(local).AddDatabase("warehouse"),
            ExistingPostgresServerResource existing => builder.CreateResourceBuilder(existing).AddDatabase("warehouse"),
            var other => throw new NotSupportedException($"The live tests cannot put the mock's warehouse on a {other.GetType().Name}."),
        };
        builder.AddProject<Projects.MockDatabricks>(RemoteMockName)
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithPromptHttpHealthCheck("/health")
            .LaunchFromBuildOutput()
            .WithReference(warehouse)
            .WaitFor(warehouse);
    }

    /// <summary>The mock's service principal is the app's identity; its Lakebase instance is the one to mint passwords for.</summary>
    private static string[] MockAppCredentials() =>
    [
        $"{DatabricksWorkspaceExtensions.LakebaseInstanceSetting}=mock-lakebase",
        $"DATABRICKS_CLIENT_ID={MockServicePrincipal}",
        "DATABRICKS_CLIENT_SECRET=mock-secret-sp",
    ];

    /// <summary>The application id of the mock's service principal, which is also its Postgres role (reference data).</summary>
    public const string MockServicePrincipal = "6f1d2c3b-9a8e-4c7d-b5a4-3e2f1d0c9b8a";

    /// <summary>
    /// What Databricks does when a database resource is added to an app: the service principal gets a Postgres role with
    /// CONNECT and CREATE on the database, and the app's connection names that role with no password. The services then
    /// log in with the credentials they mint from the mock, which sets them as the role's password.
    /// </summary>
    private static void LogInToLakebaseAsTheApp(IDistributedApplicationBuilder builder)
    {
        var lakebase = builder.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == "lakebase");
        var gate = new SemaphoreSlim(1, 1);
        var roleCreated = false;
        foreach (var service in builder.Resources.OfType<ProjectResource>().Where(p => p.Name is Resources.LakebaseApi or Resources.ModelServingApi))
        {
            builder.CreateResourceBuilder(service)
                .OnBeforeResourceStarted(async (_, started, cancellationToken) =>
                {
                    // This event comes before the service's WaitFor is satisfied, so the database may not be there yet.
                    await started.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync(lakebase.Name, cancellationToken);
                    await gate.WaitAsync(cancellationToken);
                    try
                    {
                        if (!roleCreated)
                        {
                            var superuser = await lakebase.ConnectionStringExpression.GetValueAsync(cancellationToken);
                            await PostgresProcess.ScalarAsync(superuser!,
                                $"""
                                CREATE ROLE "{MockServicePrincipal}" LOGIN;
                                GRANT CONNECT, CREATE ON DATABASE lakebase TO "{MockServicePrincipal}";
                                """, cancellationToken);
                            roleCreated = true;
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                })
                .WithEnvironment(async context =>
                {
                    var superuser = await lakebase.ConnectionStringExpression.GetValueAsync(context.CancellationToken);
                    context.EnvironmentVariables["ConnectionStrings__lakebase"] =
                        new Npgsql.NpgsqlConnectionStringBuilder(superuser) { Username = MockServicePrincipal, Password = null }.ConnectionString;
                });
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LiveFixture>
{
    public const string Name = "Live";
}
