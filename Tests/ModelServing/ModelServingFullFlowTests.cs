using System.Net;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.ModelServing;

/// <summary>The spec's user story 3, scenario by scenario, against the running topology with a fresh user each.</summary>
public sealed class ModelServingFullFlowTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly object ChurnRecords = new
    {
        dataframe_records = new object[]
        {
            new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month" },
            new { tenure = 60, monthly_charges = 20.0, contract = "Two year" },
        },
    };

    [Fact]
    public async Task US3_1_the_endpoint_list_is_an_envelope_of_summaries_by_name()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var response = await user.ListEndpointsAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = await JsonAsync(response);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Select(Name).Should().Equal(
            "chat-assistant", "churn-classifier", "creating-model", "external-chat", "failed-update-model", "flaky-model", "legacy-pyfunc",
            "no-schema-model", "not-ready-model", "slow-model", "support-agent", "tensor-model", "text-embedder", "updating-model");
        page.GetProperty("total_count").GetInt32().Should().Be(14);
        page.GetProperty("limit").GetInt32().Should().Be(100);
        page.GetProperty("offset").GetInt32().Should().Be(0);
        page.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);

        var chat = items[0];
        chat.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            ["endpoint_name", "endpoint_id", "state", "task", "endpoint_type", "served_entities", "creator", "created_at", "updated_at"]);
        chat.GetProperty("state").GetString().Should().Be("READY");
        chat.GetProperty("task").GetString().Should().Be("llm/v1/chat");
        chat.GetProperty("endpoint_type").GetString().Should().Be("FOUNDATION_MODEL");
        chat.GetProperty("endpoint_id").GetString().Should().NotBeNullOrEmpty();
        chat.GetProperty("served_entities")[0].GetProperty("foundation_model_name").GetString().Should().Be("databricks-meta-llama-3-3-70b-instruct");
        chat.GetProperty("created_at").GetString().Should().EndWith("Z");
        var churn = items[1];
        churn.GetProperty("endpoint_type").GetString().Should().Be("CUSTOM_MODEL");
        churn.GetProperty("task").ValueKind.Should().Be(JsonValueKind.Null);
        var entity = churn.GetProperty("served_entities")[0];
        (entity.GetProperty("entity_name").GetString(), entity.GetProperty("entity_version").GetString()).Should().Be(("main.default.churn_model", "3"));
        Summary("not-ready-model").GetProperty("state").GetString().Should().Be("NOT_READY");
        Summary("updating-model").GetProperty("state").GetString().Should().Be("UPDATING");
        Summary("failed-update-model").GetProperty("state").GetString().Should().Be("FAILED");
        var creating = Summary("creating-model");
        (creating.GetProperty("state").GetString(), creating.GetProperty("endpoint_type").GetString()).Should().Be(("NOT_READY", "CUSTOM_MODEL"));
        creating.GetProperty("served_entities").GetArrayLength().Should().Be(0, "nothing is served until the endpoint is created");
        var external = Summary("external-chat");
        external.GetProperty("endpoint_type").GetString().Should().Be("EXTERNAL_MODEL");
        external.GetProperty("served_entities")[0].GetProperty("entity_name").GetString().Should().Be("gpt-4o-mini");

        using var second = await user.ListEndpointsAsync("limit=2&offset=2");
        var secondPage = await JsonAsync(second);
        secondPage.GetProperty("items").EnumerateArray().Select(Name).Should().Equal("creating-model", "external-chat");
        secondPage.GetProperty("next_offset").GetInt32().Should().Be(4);

        JsonElement Summary(string name) => items.Single(e => Name(e) == name);
    }

    [Fact]
    public async Task US3_2_an_endpoint_detail_adds_its_config_and_invocation_url()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var response = await user.GetEndpointAsync("churn-classifier");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var detail = await JsonAsync(response);
        detail.GetProperty("endpoint_name").GetString().Should().Be("churn-classifier");
        detail.GetProperty("state").GetString().Should().Be("READY");
        detail.GetProperty("endpoint_type").GetString().Should().Be("CUSTOM_MODEL");
        var config = detail.GetProperty("config");
        config.GetProperty("config_version").GetInt32().Should().Be(1);
        config.GetProperty("served_entities")[0].GetProperty("name").GetString().Should().Be("churn-classifier-3");
        var route = config.GetProperty("traffic_routes")[0];
        (route.GetProperty("served_model_name").GetString(), route.GetProperty("traffic_percentage").GetInt32()).Should().Be(("churn-classifier-3", 100));
        detail.GetProperty("invocation_url").GetString().Should().EndWith("/serving-endpoints/churn-classifier/invocations");

        using var creating = await user.GetEndpointAsync("creating-model");
        var pending = (await JsonAsync(creating)).GetProperty("config");
        pending.GetProperty("config_version").ValueKind.Should().Be(JsonValueKind.Null);
        pending.GetProperty("traffic_routes").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task US3_3_an_unknown_endpoint_is_404_ENDPOINT_NOT_FOUND()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var detail = await user.GetEndpointAsync("no-such-endpoint");
        using var schema = await user.GetSchemaAsync("no-such-endpoint");
        using var invoke = await user.InvokeAsync("no-such-endpoint", new { instances = new[] { 1 } });

        (await ProblemAsync(detail, HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND")).GetProperty("detail").GetString().Should().Contain("no-such-endpoint");
        await ProblemAsync(schema, HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        await ProblemAsync(invoke, HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task US3_4_the_schema_of_an_endpoint_comes_with_example_json_that_the_endpoint_accepts()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var response = await user.GetSchemaAsync("churn-classifier");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var detection = await JsonAsync(response);
        detection.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            ["endpoint_name", "detected_type", "input_format", "status", "schema", "example_json", "message", "latency_ms", "detected_at"]);
        detection.GetProperty("detected_type").GetString().Should().Be("MLFLOW_MODEL");
        detection.GetProperty("status").GetString().Should().Be("SUCCESS");
        detection.GetProperty("input_format").GetString().Should().Be("dataframe_split");
        detection.GetProperty("schema").GetRawText().Should().Contain("monthly_charges");
        ShouldBeRecentUtc(detection.GetProperty("detected_at"));

        var example = detection.GetProperty("example_json");
        example.GetProperty("dataframe_split").GetProperty("columns").EnumerateArray().Select(c => c.GetString())
            .Should().Equal("tenure", "monthly_charges", "contract");
        var result = await user.InvokeOkAsync("churn-classifier", example);
        result.GetProperty("predictions").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task US3_5_a_valid_invocation_returns_the_predictions_with_SUCCESS()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var result = await user.InvokeOkAsync("churn-classifier", ChurnRecords);

        result.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            ["request_id", "endpoint_name", "status", "predictions", "execution_time_ms", "completed_at", "user_id"]);
        result.GetProperty("status").GetString().Should().Be("SUCCESS");
        result.GetProperty("endpoint_name").GetString().Should().Be("churn-classifier");
        result.GetProperty("user_id").GetString().Should().Be(user.UserName);
        var predictions = result.GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble()).ToList();
        predictions.Should().HaveCount(2);
        predictions[0].Should().BeGreaterThan(0.9, "short tenure, high charges and a monthly contract churn");
        predictions[1].Should().BeLessThan(0.1, "a long two-year customer stays");
        result.GetProperty("execution_time_ms").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        ShouldBeRecentUtc(result.GetProperty("completed_at"));
        Guid.TryParse(result.GetProperty("request_id").GetString(), out _).Should().BeTrue();
    }

    [Fact]
    public async Task US3_6_every_invocation_is_persisted_with_the_callers_user_id_before_the_answer()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var result = await user.InvokeOkAsync("churn-classifier", ChurnRecords);
        using var failed = await user.InvokeAsync("churn-classifier", new { dataframe_records = new[] { new { tenure = 1 } } });
        failed.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // Committed before the response: no waiting.
        var stored = await ModelServingClient.CountAsync(Topology,
            "SELECT count(*) FROM model_serving.inference_logs WHERE user_id = @user_id", ("user_id", user.UserName));
        stored.Should().Be(2);
        var logs = await user.AllLogsAsync();
        logs.Should().HaveCount(2);
        var success = logs.Single(l => l.GetProperty("status").GetString() == "SUCCESS");
        success.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            ["id", "request_id", "endpoint_name", "user_id", "inputs", "predictions", "status", "error_code", "error_message",
             "execution_time_ms", "created_at", "completed_at"]);
        success.GetProperty("request_id").GetString().Should().Be(result.GetProperty("request_id").GetString());
        success.GetProperty("user_id").GetString().Should().Be(user.UserName);
        success.GetProperty("inputs").GetProperty("dataframe_records").GetArrayLength().Should().Be(2);
        ShouldBeJson(success.GetProperty("predictions"), result.GetProperty("predictions").GetRawText());
        ShouldBeRecentUtc(success.GetProperty("created_at"));
        ShouldBeRecentUtc(success.GetProperty("completed_at"));
        var error = logs.Single(l => l.GetProperty("status").GetString() == "ERROR");
        error.GetProperty("error_code").GetString().Should().Be("INVALID_INPUT");
        error.GetProperty("error_message").GetString().Should().Contain("monthly_charges");
        error.GetProperty("predictions").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task US3_7_the_logs_are_paged_newest_first_and_show_the_callers_rows_only()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        using var other = await ModelServingClient.NewUserAsync(Topology);
        for (var i = 0; i < 3; i++)
        {
            await user.InvokeOkAsync("text-embedder", new { input = $"text {i}" });
        }

        await user.InvokeOkAsync("chat-assistant", new { messages = new[] { new { role = "user", content = "hi" } } });
        await other.InvokeOkAsync("text-embedder", new { input = "someone else" });

        using var response = await user.LogsAsync("limit=2");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await JsonAsync(response);
        page.GetProperty("total_count").GetInt32().Should().Be(4);
        page.GetProperty("limit").GetInt32().Should().Be(2);
        page.GetProperty("next_offset").GetInt32().Should().Be(2);
        var all = await user.AllLogsAsync();
        all.Select(l => l.GetProperty("user_id").GetString()).Should().AllBe(user.UserName);
        all.Select(l => l.GetProperty("inputs").TryGetProperty("input", out var input) ? input.GetString() : "chat")
            .Should().Equal("chat", "text 2", "text 1", "text 0");
        page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetInt64())
            .Should().Equal(all.Take(2).Select(l => l.GetProperty("id").GetInt64()));
        (await user.AllLogsAsync("endpoint_name=text-embedder")).Should().HaveCount(3);
        (await user.AllLogsAsync("status=success")).Should().HaveCount(4);
        (await user.AllLogsAsync("status=ERROR")).Should().BeEmpty();
        (await other.AllLogsAsync()).Should().ContainSingle();
        using var defaults = await user.LogsAsync();
        (await JsonAsync(defaults)).GetProperty("limit").GetInt32().Should().Be(50);
    }

    [Fact]
    public async Task US3_8_a_model_slower_than_timeout_seconds_is_503_MODEL_TIMEOUT_within_about_a_second_and_logged_as_TIMEOUT()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        using var response = await user.InvokeAsync("slow-model", new { instances = new[] { new { x = 1.0 } } }, timeoutSeconds: 1);

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3), "the budget is 1 s; slow-model takes 5 s");
        var problem = await RetryableAsync(response, "MODEL_TIMEOUT");
        problem.GetProperty("detail").GetString().Should().Contain("1 s");
        var log = (await user.AllLogsAsync()).Should().ContainSingle().Subject;
        log.GetProperty("status").GetString().Should().Be("TIMEOUT");
        log.GetProperty("error_code").GetString().Should().Be("MODEL_TIMEOUT");
        log.GetProperty("execution_time_ms").GetInt64().Should().BeInRange(900, 3000);
    }

    [Fact]
    public async Task US3_9_an_invalid_input_format_is_400_INVALID_INPUT_with_errors()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var response = await user.InvokeAsync("churn-classifier", new { rows = new[] { 1, 2 } });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "INVALID_INPUT");
        problem.GetProperty("errors").GetProperty("inputs")[0].GetString().Should().Contain("exactly one of");
        (await user.ServingJournalAsync()).Should().BeEmpty("nothing invalid is sent to the workspace");
        var log = (await user.AllLogsAsync()).Should().ContainSingle().Subject;
        (log.GetProperty("status").GetString(), log.GetProperty("error_code").GetString()).Should().Be(("ERROR", "INVALID_INPUT"));
    }

    [Fact]
    public async Task US3_10_logs_without_Lakebase_are_503_LAKEBASE_NOT_CONFIGURED_and_invocations_still_work()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology, Resources.ModelServingApiWithoutDatabase);

        using var logs = await user.LogsAsync();
        var result = await user.InvokeOkAsync("text-embedder", new { input = "still works" });
        using var schema = await user.GetSchemaAsync("chat-assistant");

        var problem = await ProblemAsync(logs, HttpStatusCode.ServiceUnavailable, "LAKEBASE_NOT_CONFIGURED");
        problem.TryGetProperty("retry_after", out _).Should().BeFalse("retrying does not help until the deployment changes");
        result.GetProperty("predictions").GetProperty("data").GetArrayLength().Should().Be(1);
        schema.StatusCode.Should().Be(HttpStatusCode.OK);
        using var health = await user.Http.GetAsync(new Uri("/health", UriKind.Relative));
        health.StatusCode.Should().Be(HttpStatusCode.OK, "a service without Lakebase runs degraded on purpose");
    }

    private static string? Name(JsonElement endpoint) => endpoint.GetProperty("endpoint_name").GetString();
}
