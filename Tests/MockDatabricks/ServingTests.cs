using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.MockDatabricks;

[LongRunning]
public sealed class ServingTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly string[] Endpoints =
        ["chat-assistant", "churn-classifier", "creating-model", "external-chat", "failed-update-model", "flaky-model", "legacy-pyfunc", "no-schema-model", "not-ready-model",
         "slow-model", "support-agent", "tensor-model", "text-embedder", "updating-model"];

    private readonly MockWorkspace _workspace = new(topology);

    [Fact]
    public async Task The_list_shows_the_endpoints_the_caller_may_query()
    {
        using var alice = _workspace.As("mock-token-alice");
        var list = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/serving-endpoints");
        var endpoints = list.GetProperty("endpoints").EnumerateArray().ToList();
        endpoints.Select(e => e.GetProperty("name").GetString()).Should().Equal(Endpoints);
        var chat = endpoints[0];
        chat.GetProperty("task").GetString().Should().Be("llm/v1/chat");
        chat.GetProperty("state").GetProperty("ready").GetString().Should().Be("READY");
        chat.GetProperty("state").GetProperty("config_update").GetString().Should().Be("NOT_UPDATING");
        chat.GetProperty("config").GetProperty("served_entities")[0].GetProperty("foundation_model").GetProperty("name").GetString().Should().NotBeNullOrEmpty();
        endpoints.Single(e => e.GetProperty("name").GetString() == "not-ready-model").GetProperty("state").GetProperty("ready").GetString().Should().Be("NOT_READY");
        endpoints.Single(e => e.GetProperty("name").GetString() == "churn-classifier").TryGetProperty("task", out _).Should().BeFalse();
        var external = endpoints.Single(e => e.GetProperty("name").GetString() == "external-chat").GetProperty("config").GetProperty("served_entities")[0];
        external.GetProperty("external_model").GetProperty("provider").GetString().Should().Be("openai");
        external.GetProperty("external_model").GetProperty("name").GetString().Should().Be("gpt-4o-mini");
        external.TryGetProperty("foundation_model", out _).Should().BeFalse();
        endpoints.Single(e => e.GetProperty("name").GetString() == "updating-model").GetProperty("state").GetProperty("config_update").GetString().Should().Be("IN_PROGRESS");
        var creating = endpoints.Single(e => e.GetProperty("name").GetString() == "creating-model");
        creating.TryGetProperty("config", out _).Should().BeFalse("an endpoint being created has no config yet");
        creating.GetProperty("pending_config").GetProperty("served_entities")[0].GetProperty("entity_name").GetString().Should().Be("main.default.new_model");
        endpoints.Single(e => e.GetProperty("name").GetString() == "failed-update-model").GetProperty("state").GetProperty("config_update").GetString().Should().Be("UPDATE_FAILED");

        using var carol = _workspace.As("mock-token-carol");
        var carols = await carol.GetFromJsonAsync<JsonElement>("/api/2.0/serving-endpoints");
        carols.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("name").GetString()).Should().Equal("chat-assistant");
    }

    [Fact]
    public async Task Get_describes_an_endpoint_in_detail()
    {
        using var alice = _workspace.As("mock-token-alice");
        var churn = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/serving-endpoints/churn-classifier");
        churn.GetProperty("permission_level").GetString().Should().Be("CAN_QUERY");
        var entity = churn.GetProperty("config").GetProperty("served_entities")[0];
        entity.GetProperty("entity_name").GetString().Should().Be("main.default.churn_model");
        entity.GetProperty("entity_version").GetString().Should().Be("3");
        entity.GetProperty("state").GetProperty("deployment").GetString().Should().Be("DEPLOYMENT_READY");
        churn.GetProperty("config").GetProperty("traffic_config").GetProperty("routes")[0].GetProperty("traffic_percentage").GetInt32().Should().Be(100);

        var notReady = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/serving-endpoints/not-ready-model");
        notReady.GetProperty("state").GetProperty("ready").GetString().Should().Be("NOT_READY");
        notReady.GetProperty("config").GetProperty("served_entities")[0].GetProperty("state").GetProperty("deployment").GetString().Should().Be("DEPLOYMENT_CREATING");
    }

    [Theory]
    [InlineData("GET", "/api/2.0/serving-endpoints/nope")]
    [InlineData("GET", "/api/2.0/serving-endpoints/nope/openapi")]
    [InlineData("POST", "/serving-endpoints/nope/invocations")]
    public async Task A_missing_endpoint_is_404_RESOURCE_DOES_NOT_EXIST(string method, string path)
    {
        using var alice = _workspace.As("mock-token-alice");
        using var response = await alice.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { }) : null });
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var body = await MockWorkspace.JsonAsync(response);
        body.GetProperty("error_code").GetString().Should().Be("RESOURCE_DOES_NOT_EXIST");
        body.GetProperty("message").GetString().Should().Be("Endpoint with name 'nope' does not exist.");
    }

    [Theory]
    [InlineData("GET", "/api/2.0/serving-endpoints/churn-classifier")]
    [InlineData("GET", "/api/2.0/serving-endpoints/churn-classifier/openapi")]
    [InlineData("POST", "/serving-endpoints/churn-classifier/invocations")]
    public async Task An_endpoint_without_CAN_QUERY_is_403(string method, string path)
    {
        using var carol = _workspace.As("mock-token-carol");
        using var response = await carol.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { }) : null });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await MockWorkspace.JsonAsync(response)).GetProperty("error_code").GetString().Should().Be("PERMISSION_DENIED");
    }

    [Fact]
    public async Task Chat_replies_deterministically_from_the_last_user_message_with_usage()
    {
        using var alice = _workspace.As("mock-token-alice");
        var request = new
        {
            messages = new[]
            {
                new { role = "system", content = "Be brief." },
                new { role = "user", content = "first question" },
                new { role = "assistant", content = "an answer" },
                new { role = "user", content = "what is churn?" },
            },
            max_tokens = 50,
        };
        using var first = await alice.PostAsJsonAsync("/serving-endpoints/chat-assistant/invocations", request);
        using var second = await alice.PostAsJsonAsync("/serving-endpoints/chat-assistant/invocations", request);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await MockWorkspace.JsonAsync(first);
        var again = await MockWorkspace.JsonAsync(second);

        body.GetProperty("object").GetString().Should().Be("chat.completion");
        var choice = body.GetProperty("choices")[0];
        choice.GetProperty("message").GetProperty("role").GetString().Should().Be("assistant");
        choice.GetProperty("message").GetProperty("content").GetString().Should().Be("You said: what is churn?");
        choice.GetProperty("finish_reason").GetString().Should().Be("stop");
        again.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("You said: what is churn?");
        again.GetProperty("id").GetString().Should().Be(body.GetProperty("id").GetString());
        var usage = body.GetProperty("usage");
        usage.GetProperty("prompt_tokens").GetInt32().Should().Be(9);
        usage.GetProperty("completion_tokens").GetInt32().Should().Be(5);
        usage.GetProperty("total_tokens").GetInt32().Should().Be(14);
    }

    [Theory]
    [InlineData("""{"prompt":"hi"}""")]
    [InlineData("""{"messages":[]}""")]
    [InlineData("""{"messages":[{"role":"system","content":"only a system message"}]}""")]
    [InlineData("""["not", "an", "object"]""")]
    public async Task Chat_refuses_requests_without_a_user_message(string body)
    {
        using var alice = _workspace.As("mock-token-alice");
        using var response = await alice.PostAsync(new Uri("/serving-endpoints/chat-assistant/invocations", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await MockWorkspace.JsonAsync(response)).GetProperty("error_code").GetString().Should().Be("BAD_REQUEST");
    }

    [Theory]
    [InlineData("""{"dataframe_split":{"columns":["tenure","monthly_charges","contract"],"data":[[1,70.5,"Month-to-month"],[60,20.0,"Two year"],[24,55,"One year"]]}}""")]
    [InlineData("""{"dataframe_records":[{"tenure":1,"monthly_charges":70.5,"contract":"Month-to-month"},{"tenure":60,"monthly_charges":20.0,"contract":"Two year"},{"contract":"One year","tenure":24,"monthly_charges":55}]}""")]
    [InlineData("""{"instances":[{"tenure":1,"monthly_charges":70.5,"contract":"Month-to-month"},[60,20.0,"Two year"],{"tenure":24,"monthly_charges":55,"contract":"One year"}]}""")]
    public async Task The_churn_classifier_accepts_three_formats_and_answers_one_probability_per_row(string body)
    {
        using var alice = _workspace.As("mock-token-alice");
        using var response = await alice.PostAsync(new Uri("/serving-endpoints/churn-classifier/invocations", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("served-model-name").Single().Should().Be("churn-classifier-3");
        var predictions = (await MockWorkspace.JsonAsync(response)).GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble()).ToList();

        predictions.Should().Equal(0.9661, 0.0293, 0.589);
        predictions.Should().OnlyContain(p => p >= 0 && p <= 1);
    }

    [Theory]
    [InlineData("""{"dataframe_records":[{"tenure":1,"monthly_charges":70.5,"contrat":"Month-to-month"}]}""", "Model is missing inputs ['contract']")]
    [InlineData("""{"dataframe_records":[{"tenure":1,"monthly_charges":70.5,"contract":"x","extra":1}]}""", "Model received unknown inputs ['extra']")]
    [InlineData("""{"dataframe_split":{"columns":["tenure","monthly_charges","contract"],"data":[["one",70.5,"x"]]}}""", "Incompatible input types for column tenure")]
    [InlineData("""{"dataframe_split":{"columns":["tenure","monthly_charges","contract"],"data":[[1,"cheap","x"]]}}""", "Incompatible input types for column monthly_charges")]
    [InlineData("""{"dataframe_split":{"columns":["tenure","monthly_charges","contract"],"data":[[1,2.0,3]]}}""", "Incompatible input types for column contract")]
    [InlineData("""{"dataframe_split":{"columns":["tenure"],"data":[[1,2]]}}""", "Each row of dataframe_split.data must have 1 values.")]
    [InlineData("""{"dataframe_split":{"columns":"tenure"}}""", "dataframe_split must be an object")]
    [InlineData("""{"dataframe_records":{"tenure":1}}""", "dataframe_records must be a list of records.")]
    [InlineData("""{"dataframe_records":[1,2]}""", "Each record must be a JSON object.")]
    [InlineData("""{"instances":"nope"}""", "instances must be a list.")]
    [InlineData("""{"dataframe_records":[],"instances":[]}""", "The input must be a JSON dictionary with exactly one of the input fields")]
    [InlineData("""{"data":[[1]]}""", "The input must be a JSON dictionary with exactly one of the input fields")]
    [InlineData("""[{"tenure":1}]""", "The input must be a JSON dictionary with exactly one of the input fields")]
    [InlineData("""{"not json""", "The request body is not valid JSON.")]
    public async Task Wrong_input_is_400_BAD_REQUEST(string body, string message)
    {
        using var alice = _workspace.As("mock-token-alice");
        using var response = await alice.PostAsync(new Uri("/serving-endpoints/churn-classifier/invocations", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = await MockWorkspace.JsonAsync(response);
        error.GetProperty("error_code").GetString().Should().Be("BAD_REQUEST");
        error.GetProperty("message").GetString().Should().StartWith(message);
    }

    [Fact]
    public async Task Embeddings_are_eight_deterministic_numbers_per_input()
    {
        using var alice = _workspace.As("mock-token-alice");
        var many = await (await alice.PostAsJsonAsync("/serving-endpoints/text-embedder/invocations", new { input = new[] { "hello world", "goodbye" } })).Content.ReadFromJsonAsync<JsonElement>();
        var one = await (await alice.PostAsJsonAsync("/serving-endpoints/text-embedder/invocations", new { input = "hello world" })).Content.ReadFromJsonAsync<JsonElement>();

        many.GetProperty("object").GetString().Should().Be("list");
        var data = many.GetProperty("data").EnumerateArray().ToList();
        data.Should().HaveCount(2);
        data.Select(d => d.GetProperty("index").GetInt32()).Should().Equal(0, 1);
        data.Should().OnlyContain(d => d.GetProperty("embedding").GetArrayLength() == 8 && d.GetProperty("object").GetString() == "embedding");
        one.GetProperty("data")[0].GetProperty("embedding").ToString().Should().Be(data[0].GetProperty("embedding").ToString());
        data[1].GetProperty("embedding").ToString().Should().NotBe(data[0].GetProperty("embedding").ToString());
        many.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().Be(3);

        using var bad = await alice.PostAsJsonAsync("/serving-endpoints/text-embedder/invocations", new { input = 42 });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var missing = await alice.PostAsJsonAsync("/serving-endpoints/text-embedder/invocations", new { text = "x" });
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_flaky_model_fails_twice_with_Retry_After_then_succeeds()
    {
        var (_, token) = await _workspace.NewUserAsync();
        using var client = _workspace.As(token);
        var statuses = new List<HttpStatusCode>();
        for (var call = 0; call < 3; call++)
        {
            using var response = await client.PostAsJsonAsync("/serving-endpoints/flaky-model/invocations", new { inputs = new { x = new[] { 1.0, 2.0 } } });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
                (await MockWorkspace.JsonAsync(response)).GetProperty("error_code").GetString().Should().Be("TEMPORARILY_UNAVAILABLE");
            }
            else
            {
                (await MockWorkspace.JsonAsync(response)).GetProperty("predictions").GetArrayLength().Should().Be(2);
            }
        }

        statuses.Should().Equal(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_not_ready_model_is_unavailable()
    {
        using var alice = _workspace.As("mock-token-alice");
        using var response = await alice.PostAsJsonAsync("/serving-endpoints/not-ready-model/invocations", new { instances = new[] { 1.0 } });
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await MockWorkspace.JsonAsync(response)).GetProperty("error_code").GetString().Should().Be("TEMPORARILY_UNAVAILABLE");
    }

    [Fact]
    public async Task The_slow_model_answers_after_five_seconds_and_stops_when_the_caller_gives_up()
    {
        var (user, token) = await _workspace.NewUserAsync();
        using var alice = _workspace.As(token);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await alice.PostAsJsonAsync("/serving-endpoints/slow-model/invocations", new { dataframe_records = new[] { new { x = 1.5 } } });
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(4.9));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await MockWorkspace.JsonAsync(response)).GetProperty("predictions").GetArrayLength().Should().Be(1);

        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var act = () => alice.PostAsJsonAsync("/serving-endpoints/slow-model/invocations", new { dataframe_records = new[] { new { x = 1.5 } } }, impatient.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
        var journal = await _workspace.RequestsOfAsync(user, "serving");
        journal.Select(e => e.GetProperty("path").GetString()).Should().Contain("/serving-endpoints/slow-model/invocations");
    }

    [Fact]
    public async Task The_no_schema_model_accepts_any_input_but_publishes_no_OpenAPI_schema()
    {
        using var alice = _workspace.As("mock-token-alice");
        using var openapi = await alice.GetAsync(new Uri("/api/2.0/serving-endpoints/no-schema-model/openapi", UriKind.Relative));
        openapi.StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var response = await alice.PostAsJsonAsync("/serving-endpoints/no-schema-model/invocations", new { instances = new object[] { 1, "two", new[] { 3 } } });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await MockWorkspace.JsonAsync(response)).GetProperty("predictions").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task OpenAPI_documents_reflect_the_signature_or_the_task()
    {
        using var alice = _workspace.As("mock-token-alice");
        var churn = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/serving-endpoints/churn-classifier/openapi");
        churn.GetProperty("openapi").GetString().Should().StartWith("3.");
        var schema = churn.GetProperty("paths").GetProperty("/served-models/churn-classifier-3/invocations").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var styles = schema.GetProperty("oneOf").EnumerateArray().ToList();
        styles.Select(s => s.GetProperty("required")[0].GetString()).Should().Equal("dataframe_split", "dataframe_records", "instances");
        var record = styles[1].GetProperty("properties").GetProperty("dataframe_records").GetProperty("items").GetProperty("properties");
        record.GetProperty("tenure").GetProperty("type").GetString().Should().Be("integer");
        record.GetProperty("monthly_charges").GetProperty("type").GetString().Should().Be("number");
        record.GetProperty("contract").GetProperty("type").GetString().Should().Be("string");

        var chat = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/serving-endpoints/chat-assistant/openapi");
        chat.ToString().Should().Contain("\"messages\"");
        var embeddings = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/serving-endpoints/text-embedder/openapi");
        embeddings.ToString().Should().Contain("\"input\"");
        var slow = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/serving-endpoints/slow-model/openapi");
        slow.ToString().Should().Contain("\"x\"");
    }

    [Fact]
    public async Task Revoking_CAN_QUERY_refuses_the_next_invocation()
    {
        var (user, token) = await _workspace.NewUserAsync();
        using var client = _workspace.As(token);
        (await client.PostAsJsonAsync("/serving-endpoints/text-embedder/invocations", new { input = "a" })).StatusCode.Should().Be(HttpStatusCode.OK);

        await _workspace.GrantAsync(user, "serving-endpoint", "text-embedder", "CAN_QUERY", "revoke");
        (await client.PostAsJsonAsync("/serving-endpoints/text-embedder/invocations", new { input = "a" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/2.0/serving-endpoints");
        list.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("name").GetString()).Should().NotContain("text-embedder");
    }

    [Fact]
    public async Task A_tensor_model_publishes_only_the_tensor_forms_and_answers_outputs_and_an_agent_publishes_chat()
    {
        using var alice = _workspace.As("mock-token-alice");

        var tensor = await alice.GetStringAsync(new Uri("/api/2.0/serving-endpoints/tensor-model/openapi", UriKind.Relative));
        var agent = await alice.GetStringAsync(new Uri("/api/2.0/serving-endpoints/support-agent/openapi", UriKind.Relative));
        using var answer = await alice.PostAsJsonAsync("/serving-endpoints/tensor-model/invocations", new { instances = new[] { new { x = 1.0, flag = true } } });

        tensor.Should().Contain("\"instances\"").And.Contain("\"inputs\"").And.NotContain("dataframe_split");
        agent.Should().Contain("\"messages\"");
        var legacy = await alice.GetStringAsync(new Uri("/api/2.0/serving-endpoints/legacy-pyfunc/openapi", UriKind.Relative));
        legacy.Should().Contain("/invocations").And.NotContain("requestBody", "a model without a signature has no request schema");
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outputs").GetArrayLength().Should().Be(1);
    }
}
