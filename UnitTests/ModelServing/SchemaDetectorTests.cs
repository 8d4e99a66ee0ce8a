using System.Net;
using Databricks.Client;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelServing.Service.Infrastructure;
using ModelServing.Service.Model;
using ModelServing.Service.Services;
using ServiceDefaults.Lakebase;
using UnitTests.Support;

namespace UnitTests.ModelServing;

/// <summary>Schema detection against a workspace stubbed in memory: what a caller is told, and what is kept per caller.</summary>
public sealed class SchemaDetectorTests : IDisposable
{
    private const string Base = "/api/2.0/serving-endpoints/";

    private static readonly CurrentUser Alice = new("alice@example.com", "Alice", new DatabricksToken("alice-token"));
    private static readonly CurrentUser Bob = new("bob@example.com", "Bob", new DatabricksToken("bob-token"));

    private const string ChatEndpoint = """
        {"name":"chat-bot","task":"llm/v1/chat","config":{"served_entities":[{"name":"fm","foundation_model":{"name":"databricks-llama"}}]}}
        """;

    private const string CustomEndpoint = """
        {"name":"churn","config":{"served_entities":[{"name":"churn-1","entity_name":"main.ml.churn","entity_version":"1"}]}}
        """;

    private const string OpenApi = """
        {"paths":{"/served-models/churn-1/invocations":{"post":{"requestBody":{"content":{"application/json":{"schema":
          {"type":"object","properties":{"dataframe_records":{"type":"array","items":{"type":"object","properties":{"tenure":{"type":"integer"}}}}}}
        }}}}}}}
        """;

    private readonly StubWorkspace _workspace = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 25, 8, 30, 0, TimeSpan.Zero));
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    [Fact]
    public async Task An_llm_task_gives_its_input_without_asking_for_a_document()
    {
        _workspace.On(Base + "chat-bot", ChatEndpoint);

        var detection = await Detector().DetectAsync(Alice, "chat-bot", CancellationToken.None);

        detection.Should().BeEquivalentTo(new
        {
            EndpointName = "chat-bot",
            DetectedType = DetectionValues.FoundationModel,
            InputFormat = DetectionValues.Chat,
            Status = DetectionValues.Success,
            Message = "Input format taken from the endpoint's task 'llm/v1/chat'.",
        });
        detection.Schema!.Value.GetRawText().Should().Be(InputFormats.OfTask("llm/v1/chat")!.Schema.GetRawText());
        detection.ExampleJson.GetRawText().Should().Be(InputFormats.OfTask("llm/v1/chat")!.Example.GetRawText());
        _workspace.Requests.Should().Equal(Base + "chat-bot");
    }

    [Fact]
    public async Task A_custom_model_with_a_task_is_still_an_MLflow_model()
    {
        _workspace.On(Base + "agent", """{"name":"agent","task":"llm/v1/chat","config":{"served_entities":[{"name":"a","entity_name":"main.ml.agent"}]}}""");

        var detection = await Detector().DetectAsync(Alice, "agent", CancellationToken.None);

        detection.DetectedType.Should().Be(DetectionValues.MlflowModel);
        detection.InputFormat.Should().Be(DetectionValues.Chat);
    }

    [Fact]
    public async Task An_external_model_with_a_task_counts_as_a_foundation_model()
    {
        _workspace.On(Base + "gpt", """{"name":"gpt","task":"llm/v1/embeddings","config":{"served_entities":[{"name":"g","external_model":{"provider":"openai","name":"text-embedding-3"}}]}}""");

        var detection = await Detector().DetectAsync(Alice, "gpt", CancellationToken.None);

        detection.DetectedType.Should().Be(DetectionValues.FoundationModel);
        detection.InputFormat.Should().Be(DetectionValues.Embeddings);
    }

    [Fact]
    public async Task A_custom_model_is_read_from_its_OpenAPI_document_with_the_time_the_workspace_took()
    {
        _workspace.On(Base + "churn", CustomEndpoint).On(Base + "churn/openapi", OpenApi);
        _workspace.Latency = (_time, TimeSpan.FromMilliseconds(120));

        var detection = await Detector().DetectAsync(Alice, "churn", CancellationToken.None);

        detection.DetectedType.Should().Be(DetectionValues.MlflowModel);
        detection.InputFormat.Should().Be(DetectionValues.DataframeRecords);
        detection.Status.Should().Be(DetectionValues.Success);
        detection.Schema!.Value.GetProperty("properties").TryGetProperty("dataframe_records", out _).Should().BeTrue();
        detection.ExampleJson.GetRawText().Should().Be("""{"dataframe_records":[{"tenure":1}]}""");
        detection.Message.Should().Be("Input schema taken from the endpoint's OpenAPI document (the model signature).");
        detection.LatencyMs.Should().Be(240);
        detection.DetectedAt.Should().Be(new DateTime(2026, 11, 25, 8, 30, 0, 240, DateTimeKind.Utc));
        _workspace.Requests.Should().Equal(Base + "churn", Base + "churn/openapi");
    }

    [Fact]
    public async Task A_document_without_a_known_input_form_gives_the_generic_example()
    {
        _workspace.On(Base + "churn", CustomEndpoint).On(Base + "churn/openapi", """{"paths":{}}""");

        var detection = await Detector().DetectAsync(Alice, "churn", CancellationToken.None);

        ShouldBeUnknown(detection, DetectionValues.Failure, SchemaDetector.NoSchemaMessage);
    }

    [Fact]
    public async Task An_endpoint_that_publishes_no_document_gives_the_generic_example()
    {
        _workspace.On(Base + "churn", CustomEndpoint).On(Base + "churn/openapi", HttpStatusCode.NotFound);

        var detection = await Detector().DetectAsync(Alice, "churn", CancellationToken.None);

        ShouldBeUnknown(detection, DetectionValues.Failure, SchemaDetector.NoSchemaMessage);
    }

    [Fact]
    public async Task A_document_the_workspace_could_not_give_right_now_is_a_failure_to_retry()
    {
        _workspace.On(Base + "churn", CustomEndpoint).On(Base + "churn/openapi", HttpStatusCode.InternalServerError);

        var detection = await Detector().DetectAsync(Alice, "churn", CancellationToken.None);

        ShouldBeUnknown(detection, DetectionValues.Failure,
            "The endpoint's input schema could not be read from the workspace right now; try again shortly, or consult the model's documentation.");
    }

    [Fact]
    public async Task A_document_that_took_too_long_is_a_timeout()
    {
        _workspace.On(Base + "churn", CustomEndpoint).Hang(Base + "churn/openapi");

        var detection = await Detector(requestTimeout: TimeSpan.FromMilliseconds(20)).DetectAsync(Alice, "churn", CancellationToken.None);

        detection.Status.Should().Be(DetectionValues.Timeout);
        detection.DetectedType.Should().Be(DetectionValues.Unknown);
    }

    [Fact]
    public async Task An_endpoint_the_caller_cannot_read_is_the_workspaces_refusal()
    {
        _workspace.On(Base + "churn", HttpStatusCode.Forbidden);

        var act = () => Detector().DetectAsync(Alice, "churn", CancellationToken.None);

        (await act.Should().ThrowAsync<DatabricksApiException>()).Which.StatusCode.Should().Be(403);
    }

    [Fact]
    public async Task A_detection_is_kept_per_caller_and_endpoint()
    {
        _workspace.On(Base + "churn", CustomEndpoint).On(Base + "churn/openapi", OpenApi);
        var detector = Detector();

        var first = await detector.DetectAsync(Alice, "churn", CancellationToken.None);
        var again = await detector.DetectAsync(Alice, "churn", CancellationToken.None);

        again.Should().BeSameAs(first);
        _workspace.Requests.Should().HaveCount(2);

        await detector.DetectAsync(Bob, "churn", CancellationToken.None);
        _workspace.Requests.Should().HaveCount(4, "another caller may lack access: the workspace is asked again");

        _workspace.On(Base + "chat-bot", ChatEndpoint);
        await detector.DetectAsync(Alice, "chat-bot", CancellationToken.None);
        await detector.DetectAsync(Alice, "chat-bot", CancellationToken.None);
        _workspace.Requests.Should().HaveCount(5, "a detection from the endpoint's task is kept too");
    }

    [Fact]
    public async Task An_endpoint_without_a_document_is_kept_like_any_detection()
    {
        _workspace.On(Base + "churn", CustomEndpoint).On(Base + "churn/openapi", HttpStatusCode.NotFound);
        var detector = Detector();

        await detector.DetectAsync(Alice, "churn", CancellationToken.None);
        await detector.DetectAsync(Alice, "churn", CancellationToken.None);

        _workspace.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_document_without_a_known_input_form_is_kept_like_any_detection()
    {
        _workspace.On(Base + "churn", CustomEndpoint).On(Base + "churn/openapi", """{"paths":{}}""");
        var detector = Detector();

        await detector.DetectAsync(Alice, "churn", CancellationToken.None);
        await detector.DetectAsync(Alice, "churn", CancellationToken.None);

        _workspace.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_failure_the_workspace_may_recover_from_is_not_kept()
    {
        _workspace.On(Base + "churn", CustomEndpoint).On(Base + "churn/openapi", HttpStatusCode.InternalServerError);
        var detector = Detector();

        await detector.DetectAsync(Alice, "churn", CancellationToken.None);
        _workspace.On(Base + "churn/openapi", OpenApi);
        var later = await detector.DetectAsync(Alice, "churn", CancellationToken.None);

        later.Status.Should().Be(DetectionValues.Success);
        _workspace.Requests.Should().HaveCount(4);
    }

    public void Dispose() => _cache.Dispose();

    private static void ShouldBeUnknown(SchemaDetection detection, string status, string message)
    {
        detection.DetectedType.Should().Be(DetectionValues.Unknown);
        detection.InputFormat.Should().Be(DetectionValues.UnknownFormat);
        detection.Status.Should().Be(status);
        detection.Schema.Should().BeNull();
        detection.ExampleJson.GetRawText().Should().Be(InputFormats.GenericExample.GetRawText());
        detection.Message.Should().Be(message);
    }

    private SchemaDetector Detector(TimeSpan? requestTimeout = null)
    {
        var options = new DatabricksClientOptions
        {
            Host = new Uri("https://workspace.test"),
            MaxAttempts = 1,
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
        };
        var transport = new DatabricksTransport(_workspace, Options.Create(options), TimeProvider.System, NullLogger<DatabricksTransport>.Instance);
        var lakebase = new LakebaseStatus("lakebase", IsConfigured: false);
        var database = new LakebaseDataSource(lakebase, dataSource: null);
        var schema = new LakebaseSchema<ModelServingDbContext>(database, NullLogger<LakebaseSchema<ModelServingDbContext>>.Instance);
        var recorder = new DetectionEventRecorder(database, schema, lakebase, NullLogger<DetectionEventRecorder>.Instance);
        return new SchemaDetector(new ServingEndpointsClient(transport), _cache, recorder, _time);
    }
}
