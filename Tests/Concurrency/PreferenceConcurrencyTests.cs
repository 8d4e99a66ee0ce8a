using System.Net;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Concurrency;

/// <summary>US7.1 and US7.3 for preferences: light concurrency (10 callers at once), no lost or torn writes, no 5xx.</summary>
public sealed class PreferenceConcurrencyTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const int Callers = 10;

    [Fact]
    public async Task US7_1_ten_users_saving_different_keys_at_once_lose_nothing()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => NewUserAsync(Topology)));
        try
        {
            var writes = users.SelectMany((user, u) => Enumerable.Range(0, 5).Select(async k =>
            {
                await Task.Yield();
                using var response = await user.PostAsync($"key.{k}", new { user = u, k });
                return response.StatusCode;
            })).ToList();

            (await Task.WhenAll(writes)).Should().AllSatisfy(status => status.Should().Be(HttpStatusCode.Created));

            for (var u = 0; u < users.Length; u++)
            {
                var saved = await users[u].ListAllAsync();
                saved.Select(p => p.GetProperty("preference_key").GetString()).Should().Equal("key.0", "key.1", "key.2", "key.3", "key.4");
                saved.Should().AllSatisfy(p =>
                {
                    p.GetProperty("user_id").GetString().Should().Be(users[u].UserName);
                    p.GetProperty("preference_value").GetProperty("user").GetInt32().Should().Be(u);
                });
            }
        }
        finally
        {
            foreach (var user in users)
            {
                user.Dispose();
            }
        }
    }

    [Fact]
    public async Task US7_3_ten_writers_of_one_key_all_succeed_and_the_row_holds_exactly_one_written_value()
    {
        using var user = await NewUserAsync(Topology);
        // Values large enough that a torn or mixed write would show.
        var values = Enumerable.Range(0, Callers)
            .Select(i => JsonSerializer.SerializeToElement(new { writer = i, payload = new string((char)('a' + i), 4000), list = Enumerable.Repeat(i, 200) }))
            .ToList();

        var writes = values.Select(async (value, i) =>
        {
            await Task.Yield();
            using var response = i % 2 == 0 ? await user.PostAsync("shared", value) : await user.PutAsync("shared", value);
            var body = await JsonAsync(response);
            return (response.StatusCode, Body: body);
        }).ToList();
        var reads = Enumerable.Range(0, Callers).Select(async _ =>
        {
            await Task.Yield();
            using var response = await user.GetAsync("shared");
            return (response.StatusCode, Body: await JsonAsync(response));
        }).ToList();

        var written = await Task.WhenAll(writes);
        var read = await Task.WhenAll(reads);

        written.Select(w => w.StatusCode).Should().AllSatisfy(s => s.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK));
        written.Count(w => w.StatusCode == HttpStatusCode.Created).Should().Be(1, "exactly one writer created the row; the others updated it");
        written.Select(w => w.Body.GetProperty("id").GetInt64()).Distinct().Should().ContainSingle("every writer wrote the same row");
        var rawValues = values.Select(v => v.GetRawText()).ToList();
        foreach (var (status, body) in read)
        {
            status.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.NotFound);
            if (status == HttpStatusCode.OK)
            {
                rawValues.Should().Contain(v => SameJson(body.GetProperty("preference_value"), v), "a reader sees one complete written value");
            }
        }

        var final = (await user.ListAllAsync()).Should().ContainSingle().Subject;
        rawValues.Should().Contain(v => SameJson(final.GetProperty("preference_value"), v), "the row holds exactly one writer's value");
    }

    [Fact]
    public async Task Ten_new_keys_at_once_near_the_quota_never_exceed_it()
    {
        using var user = await NewUserAsync(Topology);
        (await user.ListAsync()).StatusCode.Should().Be(HttpStatusCode.OK);
        await SeedPreferencesAsync(Topology, user.UserName, 9995);

        var statuses = await Task.WhenAll(Enumerable.Range(0, Callers).Select(async i =>
        {
            await Task.Yield();
            using var response = await user.PostAsync($"new-{i}", i);
            return response.StatusCode;
        }));

        statuses.Count(s => s == HttpStatusCode.Created).Should().Be(5);
        statuses.Count(s => s == HttpStatusCode.Conflict).Should().Be(5);
        using var total = await user.ListAsync("limit=1");
        (await JsonAsync(total)).GetProperty("total_count").GetInt32().Should().Be(10_000);
    }
}
