using System.Net;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Resilience;

/// <summary>
/// US5.4: rows written by another tool that break today's rules (a bad key, an oversize value, a JSON null, a SQL NULL)
/// are listed, readable and deletable, and never cause a 5xx.
/// </summary>
public sealed class CorruptedRowTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const string BadKey = "bad key/with?spaces#and%signs";
    private const string BadFirstCharacter = "_";
    private static readonly string TooLongKey = new('k', 300);
    private const string Decomposed = "cafe\u0301-legacy";

    [Fact]
    public async Task US5_4_rows_that_break_the_rules_are_still_listed_read_and_deleted()
    {
        using var user = await NewUserAsync(Topology);
        await user.SaveAsync("valid", "ok");
        var oversize = JsonSerializer.Serialize(new { blob = new string('x', 100_000) });
        await ExecuteSqlAsync(Topology,
            """
            INSERT INTO preferences.user_preferences (user_id, preference_key, preference_value) VALUES
              (@user_id, @bad_key, '{"from":"another tool"}'::jsonb),
              (@user_id, @bad_first, '1'::jsonb),
              (@user_id, @too_long_key, '2'::jsonb),
              (@user_id, @decomposed, '3'::jsonb),
              (@user_id, 'oversize', @oversize::jsonb),
              (@user_id, 'json-null', 'null'::jsonb),
              (@user_id, 'sql-null', NULL)
            """,
            ("user_id", user.UserName), ("bad_key", BadKey), ("bad_first", BadFirstCharacter), ("too_long_key", TooLongKey),
            ("decomposed", Decomposed), ("oversize", oversize));
        string[] stored = [BadKey, BadFirstCharacter, TooLongKey, Decomposed, "oversize", "json-null", "sql-null", "valid"];

        var listed = await user.ListAllAsync();
        listed.Select(p => p.GetProperty("preference_key").GetString()).Should().BeEquivalentTo(stored);
        ValueOf(listed, "json-null").ValueKind.Should().Be(JsonValueKind.Null);
        ValueOf(listed, "sql-null").ValueKind.Should().Be(JsonValueKind.Null);
        ValueOf(listed, "oversize").GetProperty("blob").GetString().Should().HaveLength(100_000);
        ValueOf(listed, BadKey).GetProperty("from").GetString().Should().Be("another tool");
        listed.Should().AllSatisfy(p =>
        {
            ShouldBeRecentUtc(p.GetProperty("created_at"));
            ShouldBeRecentUtc(p.GetProperty("updated_at"));
        });

        using (var page = await user.ListAsync("limit=2&offset=1"))
        {
            page.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        foreach (var key in stored)
        {
            using (var fetched = await user.GetAsync(key))
            {
                fetched.StatusCode.Should().Be(HttpStatusCode.OK, $"'{key}' is stored: {await fetched.Content.ReadAsStringAsync()}");
                (await JsonAsync(fetched)).GetProperty("preference_key").GetString().Should().Be(key);
            }

            using (var deleted = await user.DeleteAsync(key))
            {
                deleted.StatusCode.Should().Be(HttpStatusCode.NoContent, $"'{key}' is stored");
            }
        }

        (await user.ListAllAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_stored_JSON_null_or_SQL_NULL_can_be_repaired_with_a_valid_value()
    {
        using var user = await NewUserAsync(Topology);
        (await user.ListAsync()).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExecuteSqlAsync(Topology,
            "INSERT INTO preferences.user_preferences (user_id, preference_key, preference_value) VALUES (@u, 'a', 'null'::jsonb), (@u, 'b', NULL)",
            ("u", user.UserName));

        using (var a = await user.PutAsync("a", new { fixed_ = true }))
        {
            a.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var b = await user.PostAsync("b", 5))
        {
            b.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var listed = await user.ListAllAsync();
        ValueOf(listed, "a").ValueKind.Should().Be(JsonValueKind.Object);
        ValueOf(listed, "b").GetInt32().Should().Be(5);
    }

    private static JsonElement ValueOf(List<JsonElement> preferences, string key) =>
        preferences.Single(p => p.GetProperty("preference_key").GetString() == key).GetProperty("preference_value");
}
