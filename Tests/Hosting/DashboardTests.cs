using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Hosting;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

public sealed class DashboardTests(ITestOutputHelper output) : AppScope(output)
{
    [Fact]
    public async Task The_dashboard_lists_resources_and_their_console_lines()
    {
        var app = await StartWithDashboardAsync("http://127.0.0.1:0");
        await app.WaitForResourceHealthyAsync("api", TestTimeout);
        using var dashboard = new HttpClient { BaseAddress = app.DashboardUrl };

        var resources = await dashboard.GetFromJsonAsync<JsonElement>("/api/resources", TestTimeout);
        var api = resources.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "api");
        api.GetProperty("type").GetString().Should().Be("Project");
        api.GetProperty("state").GetString().Should().Be("Running");
        api.GetProperty("health").GetString().Should().Be("Healthy");
        api.GetProperty("urls")[0].GetString().Should().Be(app.GetEndpoint("api").ToString().TrimEnd('/'));
        api.GetProperty("pid").GetInt32().Should().Be(app.ResourceNotifications.Get("api").Pid);
        api.GetProperty("exit_code").ValueKind.Should().Be(JsonValueKind.Null);

        await app.WaitForLogAsync("api", "Now listening on", TestTimeout);
        var lines = await dashboard.GetFromJsonAsync<JsonElement>("/api/resources/api/logs", TestTimeout);
        lines.EnumerateArray().Should().Contain(l => l.GetProperty("text").GetString()!.Contains("Now listening on"));

        (await dashboard.GetAsync(new Uri("/api/resources/nope/logs", UriKind.Relative), TestTimeout)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await dashboard.GetStringAsync(new Uri("/", UriKind.Relative), TestTimeout)).Should().Contain("<h1>Resources</h1>");
    }

    [Fact]
    public async Task A_taken_dashboard_port_moves_the_dashboard_instead_of_failing_the_run()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var app = await StartWithDashboardAsync($"http://127.0.0.1:{takenPort}");

        app.DashboardUrl!.Port.Should().NotBe(takenPort);
        using var dashboard = new HttpClient { BaseAddress = app.DashboardUrl };
        (await dashboard.GetAsync(new Uri("/api/resources", UriKind.Relative), TestTimeout)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<DistributedApplication> StartWithDashboardAsync(string url)
    {
        var builder = CreateBuilder(new Dictionary<string, string?> { ["Dashboard:Enabled"] = "true", ["Dashboard:Url"] = url });
        builder.Builder.AddProject<Projects.Lakebase_Service>("api").WithHttpHealthCheck();
        return await StartAsync(builder);
    }
}
