using System.Text.Json;
using ModelServing.Service.Model;
using ModelServing.Service.Services;

namespace UnitTests.ModelServing;

public sealed class InvocationRulesTests
{
    private const string Chat = """{"messages":[{"role":"user","content":"Hello"}]}""";

    [Fact]
    public void A_request_with_an_endpoint_and_inputs_is_sent_with_the_default_timeout()
    {
        var inputs = Json(Chat);

        var (invocation, errors) = InvocationRules.Validate(new InvokeRequest("chat-bot", inputs, null, null));

        errors.Should().BeEmpty();
        invocation.Should().BeEquivalentTo(new ValidInvocation("chat-bot", inputs, null, 30), options => options.ComparingByMembers<JsonElement>().Excluding(v => v.Inputs));
        invocation!.Inputs!.Value.GetRawText().Should().Be(Chat);
    }

    [Fact]
    public void A_request_with_a_table_source_has_no_inputs()
    {
        var table = new TableSource("main", "ml", "features", null, null, null);

        var (invocation, errors) = InvocationRules.Validate(new InvokeRequest("churn", Json("null"), Json("60"), table));

        errors.Should().BeEmpty();
        invocation!.Inputs.Should().BeNull();
        invocation.TableSource.Should().BeSameAs(table);
        invocation.TimeoutSeconds.Should().Be(60);
        invocation.EndpointName.Should().Be("churn");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("chat\u0001bot")]
    [InlineData("chat\0")]
    [InlineData("chat\n")]
    public void An_endpoint_name_is_required_without_control_characters(string? name) =>
        Errors(new InvokeRequest(name, Json(Chat), null, null)).Should().BeEquivalentTo(
            new Dictionary<string, string[]> { ["endpoint_name"] = ["is required, without control characters"] });

    [Theory]
    [InlineData("1", 1)]
    [InlineData("300", 300)]
    [InlineData("45", 45)]
    [InlineData("null", 30)]
    public void The_timeout_is_from_1_to_300_seconds(string json, int seconds) =>
        InvocationRules.Validate(new InvokeRequest("e", Json(Chat), Json(json), null)).Invocation!.TimeoutSeconds.Should().Be(seconds);

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("\"10\"")]
    [InlineData("true")]
    [InlineData("2147483648")]
    [InlineData("[10]")]
    public void Any_other_timeout_is_refused(string json) =>
        Errors(new InvokeRequest("e", Json(Chat), Json(json), null)).Should().BeEquivalentTo(
            new Dictionary<string, string[]> { ["timeout_seconds"] = ["must be an integer from 1 to 300"] });

    [Fact]
    public void Every_problem_is_reported_at_once() =>
        Errors(new InvokeRequest(null, null, Json("0"), null)).Keys.Should().BeEquivalentTo("endpoint_name", "timeout_seconds", "inputs");

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    public void Inputs_are_required_without_a_table_source(string? inputs) =>
        Errors(new InvokeRequest("e", inputs is null ? null : Json(inputs), null, null))["inputs"]
            .Should().Equal("is required, unless table_source names a table to score");

    [Fact]
    public void Inputs_and_a_table_source_together_are_refused() =>
        Errors(new InvokeRequest("e", Json(Chat), null, new TableSource("c", "s", "t", null, null, null)))["inputs"]
            .Should().Equal("give either inputs or table_source, not both");

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"hello\"")]
    [InlineData("42")]
    public void Inputs_must_be_an_object(string inputs) =>
        InputsError(inputs).Should().Be(
            "must be a JSON object: a chat, completions or embeddings body, or one of dataframe_split, dataframe_records, instances, inputs");

    [Fact]
    public void Inputs_may_have_4_MiB_but_not_one_byte_more()
    {
        // {"instances":["…"]} is 18 bytes around the text; é is two bytes in UTF-8.
        var fits = """{"instances":["é""" + new string('a', InvocationRules.MaxInputsBytes - 20) + "\"]}";
        var tooLarge = """{"instances":["é""" + new string('a', InvocationRules.MaxInputsBytes - 19) + "\"]}";

        InputsError(fits).Should().BeNull();
        InputsError(tooLarge).Should().Be("must be at most 4 MiB when serialised; split the batch");
    }

    [Theory]
    [InlineData("""{"instances":["a\u0000b"]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"\u0000"}]}""")]
    public void Inputs_holding_a_NUL_character_are_refused(string inputs) =>
        InputsError(inputs).Should().Be("must not contain the NUL character (\\u0000)");

    [Theory]
    [InlineData("""{"instances":["a\\u0000b"]}""")]
    [InlineData("""{"instances":["\\\\\\u0000"]}""")]
    [InlineData("""{"instances":["u0000"]}""")]
    public void A_backslash_before_u0000_in_the_text_is_no_NUL(string inputs) =>
        InputsError(inputs).Should().BeNull();

    [Fact]
    public void A_NUL_after_an_escaped_backslash_is_refused() =>
        InputsError("""{"instances":["\\\u0000"]}""").Should().Be("must not contain the NUL character (\\u0000)");

    [Fact]
    public void Inputs_without_any_known_form_are_refused_with_the_forms_listed() =>
        InputsError("""{"data":[1]}""").Should().Be(
            "must have exactly one of messages, prompt, input, dataframe_split, dataframe_records, instances, inputs; found none");

    [Fact]
    public void Inputs_with_two_forms_are_refused_with_the_forms_found() =>
        InputsError("""{"prompt":"hi","instances":[1],"messages":[]}""").Should().Be(
            "must have exactly one of messages, prompt, input, dataframe_split, dataframe_records, instances, inputs; found messages, prompt, instances");

    [Theory]
    [InlineData("""{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":""}],"max_tokens":5}""")]
    [InlineData("""{"prompt":"Once upon a time"}""")]
    [InlineData("""{"prompt":["a","b"]}""")]
    [InlineData("""{"input":"text"}""")]
    [InlineData("""{"input":["one"]}""")]
    [InlineData("""{"dataframe_split":{"columns":["a"],"data":[[1]]}}""")]
    [InlineData("""{"dataframe_split":{"columns":[],"data":[]}}""")]
    [InlineData("""{"dataframe_records":[{"a":1},{}]}""")]
    [InlineData("""{"instances":[1,"two",[3]]}""")]
    [InlineData("""{"inputs":[[1,2]]}""")]
    [InlineData("""{"inputs":{"a":[1]}}""")]
    [InlineData("""{"inputs":[]}""")]
    public void Each_input_form_in_its_expected_shape_is_accepted(string inputs) =>
        InputsError(inputs).Should().BeNull();

    [Theory]
    [InlineData("""{"messages":[]}""")]
    [InlineData("""{"messages":{"role":"user","content":"Hi"}}""")]
    [InlineData("""{"messages":["Hi"]}""")]
    [InlineData("""{"messages":[{"role":"robot","content":"Hi"}]}""")]
    [InlineData("""{"messages":[{"role":"User","content":"Hi"}]}""")]
    [InlineData("""{"messages":[{"role":1,"content":"Hi"}]}""")]
    [InlineData("""{"messages":[{"content":"Hi"}]}""")]
    [InlineData("""{"messages":[{"role":"user"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":["Hi"]}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"},{"role":"user","content":null}]}""")]
    public void A_chat_needs_a_non_empty_list_of_role_and_content(string inputs) =>
        InputsError(inputs).Should().Be("messages must be a non-empty list of {role, content}, role one of system, user, assistant");

    [Theory]
    [InlineData("""{"prompt":[]}""", "prompt")]
    [InlineData("""{"prompt":[1]}""", "prompt")]
    [InlineData("""{"prompt":["a",null]}""", "prompt")]
    [InlineData("""{"prompt":7}""", "prompt")]
    [InlineData("""{"input":{}}""", "input")]
    [InlineData("""{"input":[]}""", "input")]
    public void Completions_and_embeddings_need_a_text_or_a_non_empty_list_of_texts(string inputs, string key) =>
        InputsError(inputs).Should().Be($"{key} must be a string or a non-empty list of strings");

    [Theory]
    [InlineData("""{"dataframe_split":[]}""")]
    [InlineData("""{"dataframe_split":{"columns":["a"]}}""")]
    [InlineData("""{"dataframe_split":{"data":[[1]]}}""")]
    [InlineData("""{"dataframe_split":{"columns":"a","data":[[1]]}}""")]
    [InlineData("""{"dataframe_split":{"columns":["a"],"data":{"0":[1]}}}""")]
    public void A_dataframe_split_needs_columns_and_data_lists(string inputs) =>
        InputsError(inputs).Should().Be("dataframe_split must be an object with 'columns' and 'data' lists");

    [Theory]
    [InlineData("""{"dataframe_records":[]}""")]
    [InlineData("""{"dataframe_records":[{"a":1},[1]]}""")]
    [InlineData("""{"dataframe_records":{"a":1}}""")]
    public void Dataframe_records_need_a_non_empty_list_of_objects(string inputs) =>
        InputsError(inputs).Should().Be("dataframe_records must be a non-empty list of objects");

    [Theory]
    [InlineData("""{"instances":[]}""")]
    [InlineData("""{"instances":{"a":1}}""")]
    [InlineData("""{"instances":"a"}""")]
    public void Instances_need_a_non_empty_list(string inputs) =>
        InputsError(inputs).Should().Be("instances must be a non-empty list");

    [Theory]
    [InlineData("""{"inputs":"a"}""")]
    [InlineData("""{"inputs":1}""")]
    [InlineData("""{"inputs":null}""")]
    public void Tensor_inputs_need_a_list_or_an_object(string inputs) =>
        InputsError(inputs).Should().Be("inputs must be a list or an object of named lists");

    [Theory]
    [InlineData(null, "s", "t")]
    [InlineData("c", "", "t")]
    [InlineData("c", "s", " ")]
    public void A_table_source_names_catalog_schema_and_table(string? catalog, string? schema, string? table) =>
        TableSourceError(new TableSource(catalog, schema, table, null, null, null)).Should().Be("catalog, schema and table are required");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void A_table_source_reads_from_1_to_1000_rows(int limit) =>
        TableSourceError(new TableSource("c", "s", "t", null, null, limit)).Should().Be("limit must be from 1 to 1000");

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(null)]
    public void A_table_source_within_the_row_limits_is_accepted(int? limit) =>
        TableSourceError(new TableSource("c", "s", "t", ["a"], null, limit)).Should().BeNull();

    [Theory]
    [InlineData("""[{"column":"a","op":"eq","value":1}]""")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Table_source_filters_are_a_list(string filters) =>
        TableSourceError(new TableSource("c", "s", "t", null, Json(filters), null)).Should().BeNull();

    [Theory]
    [InlineData("""{"column":"a"}""")]
    [InlineData("\"a = 1\"")]
    public void Table_source_filters_that_are_no_list_are_refused(string filters) =>
        TableSourceError(new TableSource("c", "s", "t", null, Json(filters), null)).Should().Be("filters must be a list of {column, op, value}");

    [Theory]
    [InlineData("endpoint", true)]
    [InlineData("", true)]
    [InlineData("café-é", true)]
    [InlineData("a\tb", false)]
    [InlineData("\u007f", false)]
    [InlineData("a\u0085", false)]
    public void Text_with_control_characters_cannot_be_stored(string text, bool storable) =>
        InvocationRules.IsStorable(text).Should().Be(storable);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static Dictionary<string, string[]> Errors(InvokeRequest request)
    {
        var (invocation, errors) = InvocationRules.Validate(request);
        invocation.Should().BeNull();
        return errors;
    }

    private static string? InputsError(string inputs)
    {
        var (invocation, errors) = InvocationRules.Validate(new InvokeRequest("e", Json(inputs), null, null));
        if (errors.Count == 0)
        {
            invocation.Should().NotBeNull();
            return null;
        }

        errors.Keys.Should().Equal("inputs");
        return errors["inputs"].Should().ContainSingle().Subject;
    }

    private static string? TableSourceError(TableSource table)
    {
        var (invocation, errors) = InvocationRules.Validate(new InvokeRequest("e", null, null, table));
        if (errors.Count == 0)
        {
            invocation.Should().NotBeNull();
            return null;
        }

        errors.Keys.Should().Equal("table_source");
        return errors["table_source"].Should().ContainSingle().Subject;
    }
}
