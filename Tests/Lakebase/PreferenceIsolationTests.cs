using System.Net;
using System.Net.Http.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Lakebase;

/// <summary>One user can never read, overwrite or delete another user's preference, whatever route or trick is used.</summary>
public sealed class PreferenceIsolationTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Fact]
    public async Task Another_user_cannot_read_overwrite_or_delete_a_key_and_writing_it_only_makes_their_own()
    {
        using var alice = await NewUserAsync(Topology);
        using var mallory = await NewUserAsync(Topology);
        var original = await alice.SaveAsync("theme", new { mode = "dark" });

        using (var read = await mallory.GetAsync("theme"))
        {
            await ProblemAsync(read, HttpStatusCode.NotFound, "PREFERENCE_NOT_FOUND");
        }

        using (var delete = await mallory.DeleteAsync("theme"))
        {
            await ProblemAsync(delete, HttpStatusCode.NotFound, "PREFERENCE_NOT_FOUND");
        }

        using (var put = await mallory.PutAsync("theme", new { mode = "hacked" }))
        {
            put.StatusCode.Should().Be(HttpStatusCode.Created, "mallory creates her own 'theme', she does not update alice's");
            var mine = await JsonAsync(put);
            mine.GetProperty("user_id").GetString().Should().Be(mallory.UserName);
            mine.GetProperty("id").GetInt64().Should().NotBe(original.GetProperty("id").GetInt64());
        }

        using (var post = await mallory.PostAsync("theme", new { mode = "hacked-again" }))
        {
            post.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await mallory.DeleteAsync("theme")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        using var alicesNow = await alice.GetAsync("theme");
        var stored = await JsonAsync(alicesNow);
        ShouldBeJson(stored, original.GetRawText());
        (await mallory.ListAllAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_user_id_in_the_body_the_query_or_a_header_is_ignored()
    {
        using var alice = await NewUserAsync(Topology);
        using var mallory = await NewUserAsync(Topology);
        await alice.SaveAsync("secret", "alice's");
        mallory.Http.DefaultRequestHeaders.Add("X-User-Id", alice.UserName);
        mallory.Http.DefaultRequestHeaders.Add("X-Forwarded-User", alice.UserName);
        mallory.Http.DefaultRequestHeaders.Add("X-Forwarded-Email", alice.UserName);
        var asAlice = Uri.EscapeDataString(alice.UserName);

        using (var list = await mallory.ListAsync($"user_id={asAlice}"))
        {
            (await JsonAsync(list)).GetProperty("total_count").GetInt32().Should().Be(0);
        }

        using (var get = await mallory.Http.GetAsync(new Uri($"{BasePath}/secret?user_id={asAlice}", UriKind.Relative)))
        {
            await ProblemAsync(get, HttpStatusCode.NotFound, "PREFERENCE_NOT_FOUND");
        }

        using (var post = await mallory.Http.PostAsJsonAsync(BasePath, new { user_id = alice.UserName, preference_key = "secret", preference_value = "mallory's" }))
        {
            post.StatusCode.Should().Be(HttpStatusCode.Created);
            (await JsonAsync(post)).GetProperty("user_id").GetString().Should().Be(mallory.UserName);
        }

        using (var delete = await mallory.Http.DeleteAsync(new Uri($"{BasePath}/secret?user_id={asAlice}", UriKind.Relative)))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using var alices = await alice.GetAsync("secret");
        (await JsonAsync(alices)).GetProperty("preference_value").GetString().Should().Be("alice's");
        (await alice.ListAllAsync()).Should().ContainSingle();
    }

    [Theory]
    [InlineData("..%2Fsecret")]
    [InlineData("%2E%2E%2Fsecret")]
    [InlineData("secret%00")]
    [InlineData("secret%2F..%2F")]
    [InlineData("secret'%20OR%20'1'='1")]
    [InlineData("%25")]
    public async Task Path_tricks_never_reach_another_users_key(string rawSegment)
    {
        using var alice = await NewUserAsync(Topology);
        using var mallory = await NewUserAsync(Topology);
        await alice.SaveAsync("secret", "alice's");
        var uri = new Uri($"{BasePath}/{rawSegment}", UriKind.Relative);

        using (var get = await mallory.Http.GetAsync(uri))
        {
            get.StatusCode.Should().BeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        }

        using (var delete = await mallory.Http.DeleteAsync(uri))
        {
            delete.StatusCode.Should().BeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        }

        using var alices = await alice.GetAsync("secret");
        alices.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(alices)).GetProperty("preference_value").GetString().Should().Be("alice's");
    }

    [Fact]
    public async Task A_key_prefix_never_widens_the_list_to_other_users()
    {
        using var alice = await NewUserAsync(Topology);
        using var mallory = await NewUserAsync(Topology);
        await alice.SaveAsync("shared.name", 1);

        foreach (var prefix in new[] { "", "s", "shared", "%25", "_", "'%20OR%20'1'='1", "%00" })
        {
            using var response = await mallory.ListAsync($"key_prefix={prefix}");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await JsonAsync(response)).GetProperty("total_count").GetInt32().Should().Be(0, $"key_prefix '{prefix}' lists mallory's rows only");
        }
    }
}
