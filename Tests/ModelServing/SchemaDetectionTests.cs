using System.Net;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.ModelServing;

/// <summary>Schema detection for each kind of endpoint in the mock, its cache, and its detection events.</summary>
public sealed class SchemaDetectionTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Theory]
    [InlineData("chat-assistant", "chat", "messages")]
    [InlineData("text-embedder", "embeddings", "input")]
    [InlineData("external-chat", "chat", "messages")]
    public async Task A_foundation_models_format_comes_from_its_task_without_asking_for_openapi(string endpoint, string format, string key)
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var detection = await DetectAsync(user, endpoint);

        detection.GetProperty("detected_type").GetString().Should().Be("FOUNDATION_MODEL");
        detection.GetProperty("input_format").GetString().Should().Be(format);
        detection.GetProperty("status").GetString().Should().Be("SUCCESS");
        detection.GetProperty("schema").GetProperty("required")[0].GetString().Should().Be(key);
        detection.GetProperty("example_json").TryGetProperty(key, out _).Should().BeTrue();
        (await user.ServingJournalAsync()).Select(e => e.Path).Should().Equal($"/api/2.0/serving-endpoints/{endpoint}");
        // The example is a body the endpoint accepts.
        await user.InvokeOkAsync(endpoint, detection.GetProperty("example_json"));
    }

    [Fact]
    public async Task A_custom_models_schema_comes_from_its_openapi_document_and_names_the_signature_columns()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var detection = await DetectAsync(user, "flaky-model");

        detection.GetProperty("detected_type").GetString().Should().Be("MLFLOW_MODEL");
        detection.GetProperty("input_format").GetString().Should().Be("dataframe_split");
        detection.GetProperty("schema").GetProperty("oneOf").GetArrayLength().Should().Be(3);
        ShouldBeJson(detection.GetProperty("example_json"), """{"dataframe_split":{"columns":["x"],"data":[[1.5]]}}""");
        (await user.ServingJournalAsync()).Select(e => e.Path).Should().BeEquivalentTo(
            "/api/2.0/serving-endpoints/flaky-model", "/api/2.0/serving-endpoints/flaky-model/openapi");
    }

    [Fact]
    public async Task An_agent_whose_task_is_not_an_llm_task_is_read_from_its_openapi_document_as_chat()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var detection = await DetectAsync(user, "support-agent");

        (detection.GetProperty("detected_type").GetString(), detection.GetProperty("input_format").GetString()).Should().Be(("MLFLOW_MODEL", "chat"));
        detection.GetProperty("schema").GetProperty("required")[0].GetString().Should().Be("messages");
        var answer = await user.InvokeOkAsync("support-agent", detection.GetProperty("example_json"));
        answer.GetProperty("predictions").GetProperty("object").GetString().Should().Be("chat.completion");
    }

    [Fact]
    public async Task A_tensor_model_is_detected_as_instances_and_its_outputs_are_the_predictions()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var detection = await DetectAsync(user, "tensor-model");

        detection.GetProperty("input_format").GetString().Should().Be("instances");
        ShouldBeJson(detection.GetProperty("example_json"), """{"instances":[{"x":1.5,"flag":true}]}""");
        var answer = await user.InvokeOkAsync("tensor-model", new { inputs = new { x = new[] { 1.0, 2.0 }, flag = new[] { true, false } } });
        answer.GetProperty("predictions").GetArrayLength().Should().Be(2, "a tensor model answers outputs, passed on as the predictions");
    }

    [Theory]
    [InlineData("no-schema-model")]
    [InlineData("legacy-pyfunc")]
    public async Task An_endpoint_without_a_schema_is_UNKNOWN_with_a_helpful_message_and_a_generic_example_still_200(string endpoint)
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var detection = await DetectAsync(user, endpoint);

        detection.GetProperty("detected_type").GetString().Should().Be("UNKNOWN");
        detection.GetProperty("input_format").GetString().Should().Be("unknown");
        detection.GetProperty("status").GetString().Should().Be("FAILURE");
        detection.GetProperty("message").GetString().Should().Contain("consult the model's documentation");
        detection.GetProperty("schema").ValueKind.Should().Be(JsonValueKind.Null);
        detection.GetProperty("example_json").TryGetProperty("dataframe_split", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_second_detection_within_five_minutes_is_served_from_the_cache_and_writes_no_second_event()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var first = await DetectAsync(user, "churn-classifier");
        var second = await DetectAsync(user, "churn-classifier");

        second.GetRawText().Should().Be(first.GetRawText());
        (await user.ServingJournalAsync()).Should().HaveCount(2, "one GET of the endpoint and one of its openapi document, once");
        var events = await ModelServingClient.CountAsync(Topology,
            "SELECT count(*) FROM model_serving.schema_detection_events WHERE user_id = @user_id AND endpoint_name = 'churn-classifier'",
            ("user_id", user.UserName));
        events.Should().Be(1);
    }

    [Fact]
    public async Task A_detection_is_never_shared_with_a_caller_who_may_not_query_the_endpoint()
    {
        using var alice = await ModelServingClient.NewUserAsync(Topology);
        using var carol = await ModelServingClient.NewUserAsync(Topology, like: "carol@example.com");
        await DetectAsync(alice, "churn-classifier");

        using var refused = await carol.GetSchemaAsync("churn-classifier");

        await ProblemAsync(refused, HttpStatusCode.Forbidden, "ENDPOINT_PERMISSION_DENIED");
    }

    [Fact]
    public async Task A_workspace_failure_is_503_WORKSPACE_UNAVAILABLE_with_retry_after_and_is_not_cached()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        var workspace = new MockWorkspace(Topology);
        var fault = await workspace.AddFaultAsync(new { principal = user.UserName, area = "serving", target = "not-ready-model", status = 500, count = 0 });
        JsonElement failed;
        try
        {
            using var response = await user.GetSchemaAsync("not-ready-model");
            failed = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "WORKSPACE_UNAVAILABLE");
        }
        finally
        {
            await workspace.DeleteFaultAsync(fault);
        }

        failed.GetProperty("retry_after").GetInt32().Should().BePositive();
        var detection = await DetectAsync(user, "not-ready-model");
        detection.GetProperty("status").GetString().Should().Be("SUCCESS", "the failure was not cached");
    }

    [Fact]
    public async Task An_openapi_document_the_workspace_fails_to_give_is_UNKNOWN_for_now_and_not_cached()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        var workspace = new MockWorkspace(Topology);
        // Faults are taken in order: the endpoint's GET passes (a delay-only fault of 0 ms), its openapi GET gets the 500.
        await workspace.AddFaultAsync(new { principal = user.UserName, area = "serving", target = "updating-model", status = 200, count = 1 });
        await workspace.AddFaultAsync(new { principal = user.UserName, area = "serving", target = "updating-model", status = 500, count = 1 });

        var failed = await DetectAsync(user, "updating-model");
        var detected = await DetectAsync(user, "updating-model");

        (failed.GetProperty("detected_type").GetString(), failed.GetProperty("status").GetString()).Should().Be(("UNKNOWN", "FAILURE"));
        failed.GetProperty("message").GetString().Should().Contain("could not be read");
        (detected.GetProperty("detected_type").GetString(), detected.GetProperty("status").GetString()).Should().Be(("MLFLOW_MODEL", "SUCCESS"));
    }

    private static async Task<JsonElement> DetectAsync(ModelServingClient user, string endpoint)
    {
        using var response = await user.GetSchemaAsync(endpoint);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var detection = await JsonAsync(response);
        detection.GetProperty("endpoint_name").GetString().Should().Be(endpoint);
        detection.GetProperty("latency_ms").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        return detection;
    }
}
