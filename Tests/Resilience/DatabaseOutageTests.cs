using System.Net;
using System.Net.Http.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Resilience;

/// <summary>
/// US5.1: PostgreSQL stops under the running service and comes back. While it is down every preference route answers
/// 503 <c>DATABASE_UNAVAILABLE</c> with <c>retry_after</c>; the first request after it returns succeeds, with the same
/// service process. The outage touches every service of the shared topology, so it is kept short and always ended.
/// </summary>
[Exclusive]
public sealed class DatabaseOutageTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task US5_1_a_stopped_database_is_503_DATABASE_UNAVAILABLE_and_the_service_recovers_without_a_restart()
    {
        using var user = await NewUserAsync(Topology);
        // Also resolves (and caches) the caller's identity, so the outage is the only failure in play.
        await user.SaveAsync("before-the-outage", new { saved = true });
        var pid = await App.GetPidAsync(Resources.LakebaseApi);
        pid.Should().NotBeNull();

        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await App.StopResourceAsync("postgres", timeout.Token);
            try
            {
                HttpResponseMessage[] responses =
                [
                    await user.ListAsync(),
                    await user.GetAsync("before-the-outage"),
                    await user.PostAsync("during-the-outage", 1),
                    await user.PutAsync("during-the-outage", 1),
                    await user.DeleteAsync("before-the-outage"),
                ];
                foreach (var response in responses)
                {
                    using (response)
                    {
                        var problem = await RetryableAsync(response, "DATABASE_UNAVAILABLE");
                        problem.GetRawText().Should().NotContainAny("Npgsql", "Host=", "Password", "SELECT", "INSERT");
                    }
                }
            }
            finally
            {
                await App.StartResourceAsync("postgres", timeout.Token);
            }

            // The very next request succeeds: no retry loop, no restart.
            using (var after = await user.GetAsync("before-the-outage"))
            {
                after.StatusCode.Should().Be(HttpStatusCode.OK, await after.Content.ReadAsStringAsync());
                (await JsonAsync(after)).GetProperty("preference_value").GetProperty("saved").GetBoolean().Should().BeTrue();
            }

            using (var write = await user.PostAsync("after-the-outage", 2))
            {
                write.StatusCode.Should().Be(HttpStatusCode.Created);
            }

            (await user.KeysAsync()).Should().Equal("after-the-outage", "before-the-outage");
            (await App.GetPidAsync(Resources.LakebaseApi)).Should().Be(pid, "the service recovered by itself");
        }
        finally
        {
            await HandBackAsync(timeout.Token);
        }
    }

    [Fact]
    public async Task A_restart_that_no_request_saw_does_not_fail_the_next_request()
    {
        using var user = await NewUserAsync(Topology);
        // Several pooled connections, all of which the restart kills while they sit idle in the pool.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => user.SaveAsync($"warm-{i}", i)));
        using var servingUser = await ModelServingClient.NewUserAsync(Topology);
        using (var detection = await servingUser.GetSchemaAsync("churn-classifier"))
        {
            detection.StatusCode.Should().Be(HttpStatusCode.OK, "its event leaves a connection in model-serving-api's pool");
        }

        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await App.StopResourceAsync("postgres", timeout.Token);
            await App.StartResourceAsync("postgres", timeout.Token);

            using var after = await user.ListAsync();
            after.StatusCode.Should().Be(HttpStatusCode.OK, await after.Content.ReadAsStringAsync());
            (await JsonAsync(after)).GetProperty("total_count").GetInt32().Should().Be(5);
            using var write = await user.PutAsync("warm-0", "again");
            write.StatusCode.Should().Be(HttpStatusCode.OK);

            // model-serving-api's detection event is written on a fresh session, not lost with the dead one.
            using (var detection = await servingUser.GetSchemaAsync("tensor-model"))
            {
                detection.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            (await ModelServingClient.CountAsync(Topology,
                "SELECT count(*) FROM model_serving.schema_detection_events WHERE user_id = @user_id AND endpoint_name = 'tensor-model'",
                ("user_id", servingUser.UserName))).Should().Be(1);

            // The mock workspace's own pools were killed too: its first credential, grant change and statement work at once.
            var mock = new MockWorkspace(Topology);
            using (var servicePrincipal = mock.As("mock-token-sp"))
            using (var credential = await servicePrincipal.PostAsJsonAsync("/api/2.0/database/credentials", new { instance_names = new[] { "mock-lakebase" } }))
            {
                credential.StatusCode.Should().Be(HttpStatusCode.OK, await credential.Content.ReadAsStringAsync());
            }

            var (_, token) = await mock.NewUserAsync();
            using var caller = mock.As(token);
            var statement = await MockWorkspace.SubmitAsync(caller, "SELECT COUNT(*) FROM main.default.customers");
            statement.GetProperty("status").GetProperty("state").GetString().Should().Be("SUCCEEDED");
        }
        finally
        {
            await HandBackAsync(timeout.Token);
        }
    }

    /// <summary>The rest of the collection shares this topology: hand it back with every resource healthy.</summary>
    private Task HandBackAsync(CancellationToken cancellationToken) => App.WaitForAllHealthyAsync(cancellationToken);
}
