using System.Net;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Lakebase;

/// <summary>The spec's user story 1, scenario by scenario, against the running topology with a fresh user each.</summary>
public sealed class LakebaseFullFlowTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Fact]
    public async Task US1_1_a_user_without_preferences_gets_an_empty_list()
    {
        using var user = await NewUserAsync(Topology);

        using var response = await user.ListAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        var page = await JsonAsync(response);
        page.GetProperty("items").GetArrayLength().Should().Be(0);
        page.GetProperty("total_count").GetInt32().Should().Be(0);
        page.GetProperty("limit").GetInt32().Should().Be(100, "the preferences list defaults to 100 items");
        page.GetProperty("offset").GetInt32().Should().Be(0);
        page.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task US1_2_each_user_sees_only_their_own_preferences()
    {
        using var alice = await NewUserAsync(Topology);
        using var bob = await NewUserAsync(Topology);
        await alice.SaveAsync("theme", new { mode = "dark" });
        await alice.SaveAsync("language", "nl");
        await bob.SaveAsync("theme", new { mode = "light" });

        var alices = await alice.ListAllAsync();
        var bobs = await bob.ListAllAsync();

        alices.Select(p => (p.GetProperty("user_id").GetString(), p.GetProperty("preference_key").GetString()))
            .Should().Equal((alice.UserName, "language"), (alice.UserName, "theme"));
        bobs.Should().ContainSingle();
        bobs[0].GetProperty("user_id").GetString().Should().Be(bob.UserName);
        bobs[0].GetProperty("preference_value").GetProperty("mode").GetString().Should().Be("light");
        alices.Single(p => p.GetProperty("preference_key").GetString() == "theme")
            .GetProperty("preference_value").GetProperty("mode").GetString().Should().Be("dark");
    }

    [Fact]
    public async Task US1_3_POST_creates_with_201_and_a_Location_that_retrieves_it()
    {
        using var user = await NewUserAsync(Topology);

        using var created = await user.PostAsync("dashboard.layout", new { columns = 3, widgets = new[] { "sales", "churn" }, compact = true });

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await JsonAsync(created);
        body.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            ["id", "user_id", "preference_key", "preference_value", "created_at", "updated_at"]);
        body.GetProperty("id").GetInt64().Should().BePositive();
        body.GetProperty("user_id").GetString().Should().Be(user.UserName);
        body.GetProperty("preference_key").GetString().Should().Be("dashboard.layout");
        ShouldBeJson(body.GetProperty("preference_value"), """{"columns":3,"widgets":["sales","churn"],"compact":true}""");
        ShouldBeRecentUtc(body.GetProperty("created_at"));
        ShouldBeRecentUtc(body.GetProperty("updated_at"));
        created.Headers.Location.Should().NotBeNull();
        created.Headers.Location!.ToString().Should().Be("/api/lakebase/preferences/dashboard.layout");

        using var fetched = await user.Http.GetAsync(created.Headers.Location);
        fetched.StatusCode.Should().Be(HttpStatusCode.OK);
        ShouldBeJson(await JsonAsync(fetched), body.GetRawText());
    }

    [Fact]
    public async Task US1_4_POST_with_an_existing_key_updates_it_with_200()
    {
        using var user = await NewUserAsync(Topology);
        var first = await user.SaveAsync("theme", new { mode = "dark" });

        using var second = await user.PostAsync("theme", new { mode = "light", contrast = "high" });

        second.StatusCode.Should().Be(HttpStatusCode.OK);
        second.Headers.Location.Should().BeNull();
        var updated = await JsonAsync(second);
        updated.GetProperty("id").GetInt64().Should().Be(first.GetProperty("id").GetInt64());
        updated.GetProperty("created_at").GetString().Should().Be(first.GetProperty("created_at").GetString());
        updated.GetProperty("updated_at").GetDateTime().Should().BeOnOrAfter(first.GetProperty("updated_at").GetDateTime());
        ShouldBeJson(updated.GetProperty("preference_value"), """{"mode":"light","contrast":"high"}""");

        var all = await user.ListAllAsync();
        ShouldBeJson(all.Should().ContainSingle().Subject.GetProperty("preference_value"), """{"mode":"light","contrast":"high"}""");
        using var fetched = await user.GetAsync("theme");
        (await JsonAsync(fetched)).GetProperty("preference_value").GetProperty("mode").GetString().Should().Be("light");
    }

    [Fact]
    public async Task US1_5_DELETE_removes_the_preference_and_then_GET_finds_nothing()
    {
        using var user = await NewUserAsync(Topology);
        await user.SaveAsync("theme", new { mode = "dark" });

        using var deleted = await user.DeleteAsync("theme");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await deleted.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        (await user.ListAllAsync()).Should().BeEmpty();
        using var missing = await user.GetAsync("theme");
        var problem = await ProblemAsync(missing, HttpStatusCode.NotFound, "PREFERENCE_NOT_FOUND");
        problem.GetProperty("detail").GetString().Should().Contain("theme");
    }

    [Fact]
    public async Task US1_6_every_route_answers_503_LAKEBASE_NOT_CONFIGURED_when_there_is_no_database()
    {
        using var user = await NewUserAsync(Topology, Resources.LakebaseApiWithoutDatabase);

        HttpResponseMessage[] responses =
        [
            await user.ListAsync(),
            await user.GetAsync("theme"),
            await user.PostAsync("theme", new { mode = "dark" }),
            await user.PutAsync("theme", new { mode = "dark" }),
            await user.DeleteAsync("theme"),
        ];

        foreach (var response in responses)
        {
            using (response)
            {
                var problem = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "LAKEBASE_NOT_CONFIGURED");
                problem.TryGetProperty("retry_after", out _).Should().BeFalse("retrying does not help until the deployment changes");
                response.Headers.RetryAfter.Should().BeNull();
            }
        }

        // Degraded on purpose, not broken: the process stays healthy.
        (await user.Http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await user.Http.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public static TheoryData<string> InvalidKeys => new()
    {
        "",                               // empty
        new string('k', 129),             // one over the maximum
        "_leading-underscore",            // must start with a letter or digit
        ".hidden",
        "has space",
        "slash/inside",
        "semi;colon",
        "emoji😀",                         // a symbol, not a letter
        "tab\tinside",
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task US1_7_an_invalid_key_is_400_INVALID_PREFERENCE_naming_preference_key_and_nothing_is_saved(string key)
    {
        using var user = await NewUserAsync(Topology);

        using var posted = await user.PostAsync(key, new { mode = "dark" });
        var problem = await InvalidAsync(posted, "preference_key");
        problem.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        problem.GetProperty("type").GetString().Should().NotBeNullOrEmpty();

        if (key.Length > 0 && !key.Contains('/', StringComparison.Ordinal))
        {
            using var put = await user.PutAsync(key, new { mode = "dark" });
            await InvalidAsync(put, "preference_key");
        }

        (await user.ListAllAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_key_of_exactly_128_characters_of_any_script_is_accepted()
    {
        using var user = await NewUserAsync(Topology);
        var ascii = new string('a', 128);
        var cyrillic = new string('ж', 128);
        var astral = string.Concat(Enumerable.Repeat("𝒳", 128)); // 128 characters, 256 UTF-16 units

        foreach (var key in new[] { ascii, cyrillic, astral })
        {
            using var response = await user.PostAsync(key, 1);
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        (await user.KeysAsync()).Should().BeEquivalentTo([ascii, cyrillic, astral]);
    }

    [Fact]
    public async Task POST_without_a_key_or_a_value_names_each_missing_field()
    {
        using var user = await NewUserAsync(Topology);

        using (var noKey = await user.PostRawAsync("""{"preference_value": {"mode": "dark"}}"""))
        {
            var problem = await InvalidAsync(noKey, "preference_key");
            problem.GetProperty("errors").GetProperty("preference_key")[0].GetString().Should().Contain("required");
        }

        using (var nothing = await user.PostRawAsync("{}"))
        {
            await InvalidAsync(nothing, "preference_key", "preference_value");
        }

        using (var nullValue = await user.PostAsync("theme", null))
        {
            var problem = await InvalidAsync(nullValue, "preference_value");
            problem.GetProperty("errors").GetProperty("preference_value")[0].GetString().Should().Contain("null");
        }

        using (var putWithoutValue = await user.Http.PutAsync(KeyUri("theme"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            await InvalidAsync(putWithoutValue, "preference_value");
        }

        (await user.ListAllAsync()).Should().BeEmpty();
    }

    public static TheoryData<string> ScalarAndStructuredValues => new()
    {
        "0", "-12.5", "true", "false", "\"dark\"", "\"\"", "[]", "{}", "[1,\"two\",{\"three\":[3]}]", "{\"nested\":{\"deep\":{\"deeper\":null}}}", "\"q\\\"\\\\\\n\\u0001é😀\"", "{\"ключ\":\"日本\"}",
    };

    [Theory]
    [MemberData(nameof(ScalarAndStructuredValues))]
    public async Task Any_non_null_JSON_value_round_trips(string json)
    {
        using var user = await NewUserAsync(Topology);

        using var response = await user.PostRawAsync($$"""{"preference_key":"v","preference_value":{{json}}}""");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        ShouldBeJson((await JsonAsync(response)).GetProperty("preference_value"), json);
        using var fetched = await user.GetAsync("v");
        ShouldBeJson((await JsonAsync(fetched)).GetProperty("preference_value"), json);
    }

    [Fact]
    public async Task PUT_creates_with_201_and_Location_then_updates_with_200()
    {
        using var user = await NewUserAsync(Topology);

        using var created = await user.PutAsync("notifications", new { email = true });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be("/api/lakebase/preferences/notifications");
        var first = await JsonAsync(created);
        first.GetProperty("preference_key").GetString().Should().Be("notifications");
        first.GetProperty("user_id").GetString().Should().Be(user.UserName);

        using var updated = await user.PutAsync("notifications", new { email = false });
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await JsonAsync(updated);
        second.GetProperty("id").GetInt64().Should().Be(first.GetProperty("id").GetInt64());
        second.GetProperty("preference_value").GetProperty("email").GetBoolean().Should().BeFalse();

        using var fetched = await user.GetAsync("notifications");
        (await JsonAsync(fetched)).GetProperty("preference_value").GetProperty("email").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Deleting_a_missing_key_is_404_PREFERENCE_NOT_FOUND_and_so_is_deleting_twice()
    {
        using var user = await NewUserAsync(Topology);

        using (var never = await user.DeleteAsync("never-saved"))
        {
            (await ProblemAsync(never, HttpStatusCode.NotFound, "PREFERENCE_NOT_FOUND")).GetProperty("detail").GetString().Should().Contain("never-saved");
        }

        await user.SaveAsync("once", 1);
        (await user.DeleteAsync("once")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var twice = await user.DeleteAsync("once");
        await ProblemAsync(twice, HttpStatusCode.NotFound, "PREFERENCE_NOT_FOUND");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_10_MB_body_is_413_PAYLOAD_TOO_LARGE_whether_or_not_the_client_asks_first(bool expectContinue)
    {
        using var user = await NewUserAsync(Topology);
        var huge = new string('x', 10 * 1024 * 1024);

        // Without "Expect: 100-continue" the client is still uploading when the answer is ready; the service reads and
        // discards the body (it never buffers it) so that such a client gets the 413, not a reset connection.
        using (var posted = await user.Http.SendAsync(Oversize(HttpMethod.Post, ListUri(), new { preference_key = "huge", preference_value = huge }, expectContinue)))
        {
            await ProblemAsync(posted, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        }

        using (var put = await user.Http.SendAsync(Oversize(HttpMethod.Put, KeyUri("huge"), new { preference_value = huge }, expectContinue)))
        {
            await ProblemAsync(put, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        }

        (await user.ListAllAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_body_just_over_1_MiB_is_413_while_a_value_under_the_cap_but_over_64_KiB_is_400()
    {
        using var user = await NewUserAsync(Topology);
        const string envelope = """{"preference_key":"k","preference_value":""}""";

        var overCap = envelope.Replace("\"\"", $"\"{new string('x', (1024 * 1024) - envelope.Length + 1)}\"", StringComparison.Ordinal);
        overCap.Length.Should().Be((1024 * 1024) + 1);
        using (var tooLarge = await user.PostRawAsync(overCap))
        {
            await ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        }

        using (var underCap = await user.PostAsync("k", new string('x', 900 * 1024)))
        {
            await InvalidAsync(underCap, "preference_value");
        }
    }

    [Fact]
    public async Task A_70_KB_value_is_400_naming_preference_value()
    {
        using var user = await NewUserAsync(Topology);
        var value = new { blob = new string('x', 70 * 1024) };

        using (var posted = await user.PostAsync("big", value))
        {
            var problem = await InvalidAsync(posted, "preference_value");
            problem.GetProperty("errors").GetProperty("preference_value")[0].GetString().Should().Contain("65536");
        }

        using (var put = await user.PutAsync("big", value))
        {
            await InvalidAsync(put, "preference_value");
        }

        (await user.ListAllAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_value_limit_is_65536_bytes_of_compact_UTF8_JSON()
    {
        using var user = await NewUserAsync(Topology);

        // A JSON string of 65,534 characters is 65,536 bytes with its quotes: exactly at the limit.
        using (var atLimit = await user.PostAsync("at-limit", new string('x', 65_534)))
        {
            atLimit.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using (var overLimit = await user.PostAsync("over-limit", new string('x', 65_535)))
        {
            await InvalidAsync(overLimit, "preference_value");
        }

        // Whitespace does not count: about 100 KB as sent, well under 64 KiB once compact.
        var padded = "{" + string.Join(",", Enumerable.Range(0, 3000).Select(i => $"\n          \"k{i:D4}\"     :     {i}")) + "\n}";
        System.Text.Encoding.UTF8.GetByteCount(padded).Should().BeGreaterThan(65_536);
        using (var pretty = await user.PostRawAsync($$"""{"preference_key":"pretty","preference_value":{{padded}}}"""))
        {
            pretty.StatusCode.Should().Be(HttpStatusCode.Created, await pretty.Content.ReadAsStringAsync());
        }

        // Bytes of UTF-8, not escapes: 30,000 'é' are 60,002 bytes, although "\u00e9" escapes would make them 180,002.
        using (var accented = await user.PostAsync("accented", new string('é', 30_000)))
        {
            accented.StatusCode.Should().Be(HttpStatusCode.Created, await accented.Content.ReadAsStringAsync());
        }

        using var fetched = await user.GetAsync("accented");
        (await JsonAsync(fetched)).GetProperty("preference_value").GetString().Should().Be(new string('é', 30_000));
    }

    [Theory]
    [InlineData("\"a\\u0000b\"")]
    [InlineData("{\"k\":[\"\\u0000\"]}")]
    [InlineData("{\"\\u0000\":1}")]
    [InlineData("\"\\ud800\"")]
    public async Task A_value_PostgreSQL_cannot_hold_is_400_naming_preference_value(string json)
    {
        using var user = await NewUserAsync(Topology);

        using var response = await user.PostRawAsync($$"""{"preference_key":"v","preference_value":{{json}}}""");

        await InvalidAsync(response, "preference_value");
        (await user.ListAllAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(1489, HttpStatusCode.Created)]
    [InlineData(1490, HttpStatusCode.BadRequest)]
    public async Task The_value_size_counts_escapes_and_every_kind_of_JSON_value_exactly(int padding, HttpStatusCode expected)
    {
        using var user = await NewUserAsync(Topology);
        // Compact: {"a":[S1,S2,1.5,true,false,null,{},[]]} = 47 bytes + S1's padding + 4 bytes per emoji of S2,
        // where S1 = "\n\u0001" plus the padding (10 bytes + padding) and S2 = 16,000 emoji (64,002 bytes).
        var value = $$"""{ "a" : [ "\n\u0001{{new string('x', padding)}}", "{{string.Concat(Enumerable.Repeat("😀", 16_000))}}", 1.5, true, false, null, { }, [ ] ] }""";

        using var response = await user.PostRawAsync($$"""{"preference_key":"exact","preference_value":{{value}}}""");

        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        if (expected == HttpStatusCode.BadRequest)
        {
            var problem = await InvalidAsync(response, "preference_value");
            problem.GetProperty("errors").GetProperty("preference_value")[0].GetString().Should().EndWith("it is 65537");
        }
    }

    public static TheoryData<string> UnicodeKeys => new()
    {
        "日本語の設定",
        "clé.préférée",
        "हिंदी",
        "ключ-1",
        "مفتاح_٣",
        "𝒳-astral",
        "a:b.c_d-e",
        "ÅNGSTRÖM:ø",
        "42",
    };

    [Theory]
    [MemberData(nameof(UnicodeKeys))]
    public async Task Unicode_and_special_character_keys_round_trip_through_every_route(string key)
    {
        using var user = await NewUserAsync(Topology);

        using (var created = await user.PostAsync(key, new { v = 1 }))
        {
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            (await JsonAsync(created)).GetProperty("preference_key").GetString().Should().Be(key);
            created.Headers.Location!.OriginalString.Should().Be(KeyUri(key).OriginalString);
        }

        using (var fetched = await user.GetAsync(key))
        {
            fetched.StatusCode.Should().Be(HttpStatusCode.OK);
            (await JsonAsync(fetched)).GetProperty("preference_key").GetString().Should().Be(key);
        }

        using (var put = await user.PutAsync(key, new { v = 2 }))
        {
            put.StatusCode.Should().Be(HttpStatusCode.OK);
            (await JsonAsync(put)).GetProperty("preference_value").GetProperty("v").GetInt32().Should().Be(2);
        }

        (await user.KeysAsync()).Should().Equal(key);
        (await user.KeysAsync($"key_prefix={Uri.EscapeDataString(key[..2])}")).Should().Equal(key);

        using (var deleted = await user.DeleteAsync(key))
        {
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        (await user.KeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Keys_are_NFC_normalised_so_either_form_reaches_the_same_preference()
    {
        using var user = await NewUserAsync(Topology);
        const string decomposed = "cafe\u0301";
        const string composed = "caf\u00e9";

        using (var created = await user.PostAsync(decomposed, 1))
        {
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            (await JsonAsync(created)).GetProperty("preference_key").GetString().Should().Be(composed);
        }

        using (var updated = await user.PutAsync(composed, 2))
        {
            updated.StatusCode.Should().Be(HttpStatusCode.OK, "both forms are the same key");
        }

        using (var fetched = await user.GetAsync(decomposed))
        {
            (await JsonAsync(fetched)).GetProperty("preference_value").GetInt32().Should().Be(2);
        }

        (await user.KeysAsync($"key_prefix={Uri.EscapeDataString(decomposed)}")).Should().Equal(composed);
        (await user.DeleteAsync(decomposed)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await user.KeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Timestamps_are_UTC_with_Z_and_milliseconds_on_every_route()
    {
        using var user = await NewUserAsync(Topology);
        var created = await user.SaveAsync("theme", "dark");
        using var fetched = await user.GetAsync("theme");
        var got = await JsonAsync(fetched);
        var listed = (await user.ListAllAsync()).Single();
        using var put = await user.PutAsync("theme", "light");
        var updated = await JsonAsync(put);

        foreach (var preference in new[] { created, got, listed, updated })
        {
            ShouldBeRecentUtc(preference.GetProperty("created_at"));
            ShouldBeRecentUtc(preference.GetProperty("updated_at"));
        }

        got.GetProperty("created_at").GetString().Should().Be(created.GetProperty("created_at").GetString());
        listed.GetProperty("updated_at").GetString().Should().Be(got.GetProperty("updated_at").GetString());
        updated.GetProperty("updated_at").GetDateTime().Should().BeOnOrAfter(got.GetProperty("updated_at").GetDateTime());
    }

    [Fact]
    public async Task key_prefix_lists_only_keys_that_start_with_it_literally()
    {
        using var user = await NewUserAsync(Topology);
        foreach (var key in new[] { "ui.theme", "ui.lang", "uix", "other", "a_b", "axb", "UI.upper" })
        {
            await user.SaveAsync(key, 1);
        }

        (await user.KeysAsync("key_prefix=ui.")).Should().Equal("ui.lang", "ui.theme");
        (await user.KeysAsync("key_prefix=ui")).Should().Equal("ui.lang", "ui.theme", "uix");
        (await user.KeysAsync("key_prefix=a_")).Should().Equal("a_b");
        (await user.KeysAsync("key_prefix=%25")).Should().BeEmpty("'%' is a character, not a wildcard");
        (await user.KeysAsync("key_prefix=")).Should().HaveCount(7);

        using var response = await user.ListAsync("key_prefix=ui&limit=1");
        var page = await JsonAsync(response);
        page.GetProperty("total_count").GetInt32().Should().Be(3, "the total counts the filtered list");
        page.GetProperty("next_offset").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task The_quota_is_10000_preferences_new_keys_beyond_it_are_409_and_existing_ones_still_update()
    {
        using var user = await NewUserAsync(Topology);
        (await user.ListAsync()).StatusCode.Should().Be(HttpStatusCode.OK);
        await SeedPreferencesAsync(Topology, user.UserName, 10000);

        using (var posted = await user.PostAsync("one-too-many", true))
        {
            (await ProblemAsync(posted, HttpStatusCode.Conflict, "PREFERENCE_QUOTA_EXCEEDED")).GetProperty("detail").GetString().Should().Contain("10000");
        }

        using (var put = await user.PutAsync("one-too-many", true))
        {
            await ProblemAsync(put, HttpStatusCode.Conflict, "PREFERENCE_QUOTA_EXCEEDED");
        }

        using (var update = await user.PostAsync("seed-00042", "changed"))
        {
            update.StatusCode.Should().Be(HttpStatusCode.OK);
            (await JsonAsync(update)).GetProperty("preference_value").GetString().Should().Be("changed");
        }

        using (var total = await user.ListAsync("limit=1"))
        {
            (await JsonAsync(total)).GetProperty("total_count").GetInt32().Should().Be(10_000);
        }

        (await user.DeleteAsync("seed-00001")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var room = await user.PostAsync("one-too-many", true);
        room.StatusCode.Should().Be(HttpStatusCode.Created, "deleting one makes room for one");
    }

    [Fact]
    public async Task Malformed_JSON_is_400_INVALID_REQUEST_and_a_wrong_content_type_is_415()
    {
        using var user = await NewUserAsync(Topology);

        using (var truncated = await user.PostRawAsync("""{"preference_key":"theme","preference_value":"""))
        {
            var problem = await ProblemAsync(truncated, HttpStatusCode.BadRequest, "INVALID_REQUEST");
            problem.GetRawText().Should().NotContain("System.").And.NotContain("Exception");
        }

        using (var notAnObject = await user.PostRawAsync("[1,2,3]"))
        {
            await ProblemAsync(notAnObject, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        }

        using (var wrongKeyType = await user.PostRawAsync("""{"preference_key":7,"preference_value":1}"""))
        {
            await ProblemAsync(wrongKeyType, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        }

        using (var text = await user.PostRawAsync("""{"preference_key":"theme","preference_value":1}""", "text/plain"))
        {
            await ProblemAsync(text, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        }

        using (var putText = await user.Http.PutAsync(KeyUri("theme"), new StringContent("""{"preference_value":1}""", System.Text.Encoding.UTF8, "text/plain")))
        {
            await ProblemAsync(putText, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        }

        (await user.ListAllAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_correlation_id_sent_is_echoed_on_success_and_in_errors()
    {
        using var user = await NewUserAsync(Topology);
        user.Http.DefaultRequestHeaders.Add("X-Correlation-ID", "lakebase-test.42");

        using var ok = await user.ListAsync();
        ok.Headers.GetValues("X-Correlation-ID").Should().Equal("lakebase-test.42");

        using var missing = await user.GetAsync("nothing-here");
        (await ProblemAsync(missing, HttpStatusCode.NotFound, "PREFERENCE_NOT_FOUND")).GetProperty("correlation_id").GetString().Should().Be("lakebase-test.42");
    }

    [Fact]
    public async Task An_unknown_route_is_404_NOT_FOUND_and_a_wrong_method_is_405()
    {
        using var user = await NewUserAsync(Topology);

        using var unknown = await user.Http.GetAsync(new Uri("/api/lakebase/preference", UriKind.Relative));
        await ProblemAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");

        using var patch = await user.Http.PatchAsync(KeyUri("theme"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        patch.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_public_and_describes_the_preference_routes()
    {
        using var anonymous = App.CreateHttpClient(Resources.LakebaseApi);

        using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var document = await JsonAsync(response);
        document.GetProperty("openapi").GetString().Should().StartWith("3.");
        var paths = document.GetProperty("paths");
        paths.GetProperty("/api/lakebase/preferences").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["get", "post"]);
        paths.GetProperty("/api/lakebase/preferences/{key}").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["get", "put", "delete"]);
    }

}
