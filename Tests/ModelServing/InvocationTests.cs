using System.Net;
using System.Text;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.ModelServing;

/// <summary>POST /invoke: each input form, the validation of each, the size caps, and the model's own errors.</summary>
public sealed class InvocationTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    public static TheoryData<string, string> ValidForms => new()
    {
        { "churn-classifier", """{"dataframe_split":{"columns":["tenure","monthly_charges","contract"],"data":[[3,80.0,"One year"]]}}""" },
        { "churn-classifier", """{"instances":[{"tenure":3,"monthly_charges":80.0,"contract":"One year"}]}""" },
        { "churn-classifier", """{"inputs":{"tenure":[3],"monthly_charges":[80.0],"contract":["One year"]}}""" },
        { "flaky-model", """{"dataframe_records":[{"x":1.0},{"x":2.0},{"x":3.0}]}""" },
    };

    [Theory]
    [MemberData(nameof(ValidForms))]
    public async Task Every_MLflow_input_form_is_sent_as_it_is_and_answers_one_prediction_per_row(string endpoint, string inputs)
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        using var document = JsonDocument.Parse(inputs);

        var result = await user.InvokeOkAsync(endpoint, document.RootElement);

        var rows = document.RootElement.EnumerateObject().Single().Value;
        var expected = rows.ValueKind == JsonValueKind.Array ? rows.GetArrayLength() : 1;
        result.GetProperty("predictions").GetArrayLength().Should().Be(expected);
    }

    [Fact]
    public async Task Chat_and_embeddings_answer_with_the_models_whole_body()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var chat = await user.InvokeOkAsync("chat-assistant",
            new { messages = new object[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "Hello there" } }, max_tokens = 20 });
        var embeddings = await user.InvokeOkAsync("text-embedder", new { input = new[] { "a", "b" } });

        var message = chat.GetProperty("predictions").GetProperty("choices")[0].GetProperty("message");
        message.GetProperty("content").GetString().Should().Be("You said: Hello there");
        chat.GetProperty("predictions").GetProperty("object").GetString().Should().Be("chat.completion");
        embeddings.GetProperty("predictions").GetProperty("data").GetArrayLength().Should().Be(2);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"endpoint_name":"chat-assistant"}""", "inputs" },
        { """{"endpoint_name":"chat-assistant","inputs":null}""", "inputs" },
        { """{"inputs":{"input":"x"}}""", "endpoint_name" },
        { """{"endpoint_name":" ","inputs":{"input":"x"}}""", "endpoint_name" },
        { """{"endpoint_name":"chat-assistant","inputs":[1,2]}""", "inputs" },
        { """{"endpoint_name":"chat-assistant","inputs":"hello"}""", "inputs" },
        { """{"endpoint_name":"chat-assistant","inputs":{}}""", "inputs" },
        { """{"endpoint_name":"chat-assistant","inputs":{"messages":[],"prompt":"x"}}""", "inputs" },
        { """{"endpoint_name":"chat-assistant","inputs":{"messages":[]}}""", "inputs" },
        { """{"endpoint_name":"chat-assistant","inputs":{"messages":[{"role":"robot","content":"x"}]}}""", "inputs" },
        { """{"endpoint_name":"chat-assistant","inputs":{"messages":[{"role":"user"}]}}""", "inputs" },
        { """{"endpoint_name":"chat-assistant","inputs":{"prompt":42}}""", "inputs" },
        { """{"endpoint_name":"text-embedder","inputs":{"input":[]}}""", "inputs" },
        { """{"endpoint_name":"text-embedder","inputs":{"input":[1]}}""", "inputs" },
        { """{"endpoint_name":"churn-classifier","inputs":{"dataframe_split":{"columns":["a"]}}}""", "inputs" },
        { """{"endpoint_name":"churn-classifier","inputs":{"dataframe_split":[1]}}""", "inputs" },
        { """{"endpoint_name":"churn-classifier","inputs":{"dataframe_records":[1,2]}}""", "inputs" },
        { """{"endpoint_name":"churn-classifier","inputs":{"dataframe_records":{}}}""", "inputs" },
        { """{"endpoint_name":"churn-classifier","inputs":{"instances":[]}}""", "inputs" },
        { """{"endpoint_name":"churn-classifier","inputs":{"inputs":5}}""", "inputs" },
        { """{"endpoint_name":"churn-classifier","inputs":{"instances":[1]},"table_source":{"catalog":"main","schema":"default","table":"customers"}}""", "inputs" },
        { """{"endpoint_name":"churn-classifier","table_source":{"catalog":"main","table":"customers"}}""", "table_source" },
        { """{"endpoint_name":"churn-classifier","table_source":{"catalog":"main","schema":"default","table":"customers","limit":0}}""", "table_source" },
        { """{"endpoint_name":"churn-classifier","table_source":{"catalog":"main","schema":"default","table":"customers","limit":1001}}""", "table_source" },
        { """{"endpoint_name":"churn-classifier","table_source":{"catalog":"main","schema":"default","table":"customers","filters":{}}}""", "table_source" },
        { """{"endpoint_name":"chat-assistant","inputs":{"input":"x"},"timeout_seconds":0}""", "timeout_seconds" },
        { """{"endpoint_name":"chat-assistant","inputs":{"input":"NUL \u0000 cannot be stored"}}""", "inputs" },
        { """{"endpoint_name":"chat\u0001assistant","inputs":{"input":"x"}}""", "endpoint_name" },
        { """{"endpoint_name":"chat-assistant","inputs":{"input":"x"},"timeout_seconds":301}""", "timeout_seconds" },
        { """{"endpoint_name":"chat-assistant","inputs":{"input":"x"},"timeout_seconds":2.5}""", "timeout_seconds" },
        { """{"endpoint_name":"chat-assistant","inputs":{"input":"x"},"timeout_seconds":"10"}""", "timeout_seconds" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_request_is_400_INVALID_INPUT_naming_the_field_and_nothing_reaches_the_workspace(string body, string field)
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var response = await user.InvokeRawAsync(body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "INVALID_INPUT");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
        (await user.ServingJournalAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_or_not_JSON_typed_is_refused_before_the_handler()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var malformed = await user.InvokeRawAsync("{\"endpoint_name\":");
        using var text = await user.InvokeRawAsync("{}", "text/plain");

        await ProblemAsync(malformed, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        await ProblemAsync(text, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Inputs_over_4_MiB_are_400_INVALID_INPUT_and_a_body_over_16_MiB_is_413()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        var fiveMiB = new string('a', 5 * 1024 * 1024);
        var seventeenMiB = new string('a', 17 * 1024 * 1024);

        using var large = await user.InvokeAsync("text-embedder", new { input = fiveMiB });
        // With its length declared, as most clients send a large body: refused before it is read, and the answer still arrives.
        using var tooLarge = await user.Http.SendAsync(PreferencesClient.Oversize(
            HttpMethod.Post, ModelServingClient.Route("/invoke"), new { endpoint_name = "text-embedder", inputs = new { input = seventeenMiB } }));

        var problem = await ProblemAsync(large, HttpStatusCode.BadRequest, "INVALID_INPUT");
        problem.GetProperty("errors").GetProperty("inputs")[0].GetString().Should().Contain("4 MiB");
        await ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        var log = (await user.AllLogsAsync()).Should().ContainSingle("a body that was never read has no endpoint to log").Subject;
        log.GetProperty("inputs").ValueKind.Should().Be(JsonValueKind.Null, "5 MiB of input is not copied into the log");
        (await user.ServingJournalAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_models_own_400_is_400_INVALID_INPUT_with_its_message_passed_on()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var response = await user.InvokeAsync("churn-classifier",
            new { dataframe_records = new[] { new { tenure = "long", monthly_charges = 1.0, contract = "One year" } } });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "INVALID_INPUT");
        problem.GetProperty("detail").GetString().Should().Contain("Incompatible input types for column tenure");
    }

    [Fact]
    public async Task An_endpoint_that_is_not_ready_is_503_MODEL_UNAVAILABLE_after_the_retries()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var response = await user.InvokeAsync("not-ready-model", new { instances = new[] { new { x = 1.0 } } });

        var problem = await RetryableAsync(response, "MODEL_UNAVAILABLE");
        problem.GetProperty("detail").GetString().Should().Contain("not-ready-model");
        (await user.InvocationAttemptsAsync("not-ready-model")).Should().Be(3, "a 503 is tried 3 times in all");
        (await user.AllLogsAsync()).Single().GetProperty("error_code").GetString().Should().Be("MODEL_UNAVAILABLE");
    }

    [Fact]
    public async Task US5_3_a_revoked_query_grant_is_403_ENDPOINT_PERMISSION_DENIED_on_the_very_next_call()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        var inputs = new { input = "hello" };
        await user.InvokeOkAsync("text-embedder", inputs);

        await new MockWorkspace(Topology).GrantAsync(user.UserName, "serving-endpoint", "text-embedder", "CAN_QUERY", "revoke");

        using var invoke = await user.InvokeAsync("text-embedder", inputs);
        using var detail = await user.GetEndpointAsync("text-embedder");
        await ProblemAsync(invoke, HttpStatusCode.Forbidden, "ENDPOINT_PERMISSION_DENIED");
        await ProblemAsync(detail, HttpStatusCode.Forbidden, "ENDPOINT_PERMISSION_DENIED");
        using var list = await user.ListEndpointsAsync();
        (await JsonAsync(list)).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("endpoint_name").GetString())
            .Should().NotContain("text-embedder");
        var logs = await user.AllLogsAsync();
        logs.Select(l => l.GetProperty("status").GetString()).Should().Equal("ERROR", "SUCCESS");
        logs[0].GetProperty("error_code").GetString().Should().Be("ENDPOINT_PERMISSION_DENIED");
    }

    [Fact]
    public async Task A_caller_who_hangs_up_before_the_model_answers_still_leaves_an_ERROR_row()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        using var impatient = Topology.App.CreateHttpClient(Resources.ModelServingApi);
        impatient.Timeout = TimeSpan.FromMilliseconds(500);
        impatient.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", user.Token);

        var call = () => impatient.PostAsync(ModelServingClient.Route("/invoke"),
            new StringContent("""{"endpoint_name":"slow-model","inputs":{"instances":[{"x":1.0}]}}""", Encoding.UTF8, "application/json"));

        await call.Should().ThrowAsync<TaskCanceledException>();
        var rows = await user.WaitForLogsAsync(rows => rows.Count == 1, TimeSpan.FromSeconds(30));
        (rows[0].GetProperty("status").GetString(), rows[0].GetProperty("error_code").GetString()).Should().Be(("ERROR", "CLIENT_CLOSED_REQUEST"));
        rows[0].GetProperty("execution_time_ms").GetInt64().Should().BeLessThan(4000, "the model call was cancelled with the request");
    }

    [Fact]
    public async Task A_token_the_workspace_stops_accepting_mid_call_is_401_AUTH_INVALID()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        await new MockWorkspace(Topology).AddFaultAsync(new { principal = user.UserName, area = "serving", target = "text-embedder", status = 401, count = 1 });

        using var response = await user.InvokeAsync("text-embedder", new { input = "x" });

        await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_INVALID");
    }

    [Fact]
    public async Task A_workspace_that_fails_the_list_is_503_WORKSPACE_UNAVAILABLE_with_retry_after()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        await new MockWorkspace(Topology).AddFaultAsync(new { principal = user.UserName, area = "serving", status = 500, count = 1 });

        using var response = await user.ListEndpointsAsync();

        await RetryableAsync(response, "WORKSPACE_UNAVAILABLE");
    }

    [Fact]
    public async Task A_workspace_that_fails_an_endpoint_s_details_is_503_WORKSPACE_UNAVAILABLE_with_retry_after()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        await new MockWorkspace(Topology).AddFaultAsync(new { principal = user.UserName, area = "serving", target = "chat-assistant", status = 500, count = 1 });

        using var response = await user.GetEndpointAsync("chat-assistant");

        await RetryableAsync(response, "WORKSPACE_UNAVAILABLE");
        using var recovered = await user.GetEndpointAsync("chat-assistant");
        recovered.StatusCode.Should().Be(HttpStatusCode.OK, "the fault was used up");
    }

    [Fact]
    public async Task The_endpoint_list_checks_limit_and_offset()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        using var badLimit = await user.ListEndpointsAsync("limit=0");
        using var badOffset = await user.ListEndpointsAsync("offset=-1");
        using var past = await user.ListEndpointsAsync("offset=50");
        using var badLogs = await user.LogsAsync("limit=1001&status=DONE");
        using var badStatus = await user.LogsAsync("status=RUNNING");
        using var badName = await user.LogsAsync("endpoint_name=a%00b");

        (await ProblemAsync(badLimit, HttpStatusCode.BadRequest, "INVALID_INPUT")).GetProperty("errors").TryGetProperty("limit", out _).Should().BeTrue();
        (await ProblemAsync(badOffset, HttpStatusCode.BadRequest, "INVALID_INPUT")).GetProperty("errors").TryGetProperty("offset", out _).Should().BeTrue();
        (await JsonAsync(past)).GetProperty("items").GetArrayLength().Should().Be(0);
        var logsProblem = await ProblemAsync(badLogs, HttpStatusCode.BadRequest, "INVALID_INPUT");
        logsProblem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("limit", "status");
        (await ProblemAsync(badStatus, HttpStatusCode.BadRequest, "INVALID_INPUT")).GetProperty("errors").EnumerateObject().Select(e => e.Name)
            .Should().Equal("status");
        (await ProblemAsync(badName, HttpStatusCode.BadRequest, "INVALID_INPUT")).GetProperty("errors").EnumerateObject().Select(e => e.Name)
            .Should().Equal("endpoint_name");
    }
}
