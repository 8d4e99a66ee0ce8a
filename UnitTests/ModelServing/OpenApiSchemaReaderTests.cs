using System.Text.Json;
using ModelServing.Service.Services;

namespace UnitTests.ModelServing;

public sealed class OpenApiSchemaReaderTests
{
    private const string Record = """
        {"type":"object","properties":{"tenure":{"type":"integer"},"charges":{"type":"number"},"senior":{"type":"boolean"},"plan":{"type":"string"},"note":{}}}
        """;

    private static readonly string Signature = """
        {"oneOf":[
          {"type":"object","properties":{"dataframe_split":{"type":"object","properties":{"columns":{"type":"array"},"data":{"type":"array"}}}}},
          {"type":"object","properties":{"dataframe_records":{"type":"array","items":RECORD}}},
          {"type":"object","properties":{"instances":{"type":"array","items":RECORD}}}
        ]}
        """.Replace("RECORD", Record, StringComparison.Ordinal);

    [Fact]
    public void A_signature_is_read_as_its_first_input_form_with_an_example_row_of_placeholder_values()
    {
        var read = OpenApiSchemaReader.Read(Document(Signature))!;

        read.InputFormat.Should().Be("dataframe_split");
        read.Example.GetRawText().Should().Be(
            """{"dataframe_split":{"columns":["tenure","charges","senior","plan","note"],"data":[[1,1.5,true,"example","example"]]}}""");
        JsonElement.DeepEquals(read.Schema, JsonDocument.Parse(Signature).RootElement).Should().BeTrue();
    }

    [Theory]
    [InlineData("dataframe_records", """{"dataframe_records":[{"tenure":1,"charges":1.5,"senior":true,"plan":"example","note":"example"}]}""")]
    [InlineData("instances", """{"instances":[{"tenure":1,"charges":1.5,"senior":true,"plan":"example","note":"example"}]}""")]
    [InlineData("inputs", """{"inputs":{"tenure":[1],"charges":[1.5],"senior":[true],"plan":["example"],"note":["example"]}}""")]
    public void Each_form_gets_an_example_in_its_own_shape(string form, string example)
    {
        var schema = """
            {"oneOf":[
              {"type":"object","properties":{"FORM":{"type":"object"}}},
              {"type":"object","properties":{"instances":{"type":"array","items":RECORD}}}
            ]}
            """.Replace("FORM", form, StringComparison.Ordinal).Replace("RECORD", Record, StringComparison.Ordinal);

        var read = OpenApiSchemaReader.Read(Document(schema))!;

        read.InputFormat.Should().Be(form);
        read.Example.GetRawText().Should().Be(example);
    }

    [Fact]
    public void A_custom_model_that_speaks_chat_gets_the_chat_example()
    {
        var read = OpenApiSchemaReader.Read(Document("""{"type":"object","properties":{"messages":{"type":"array"}}}"""))!;

        read.InputFormat.Should().Be("chat");
        read.Example.GetRawText().Should().Be(InputFormats.OfTask("llm/v1/chat")!.Example.GetRawText());
    }

    [Fact]
    public void A_schema_without_alternatives_is_its_own_single_alternative()
    {
        var read = OpenApiSchemaReader.Read(Document("""{"type":"object","properties":{"dataframe_records":{"type":"array","items":RECORD}}}""".Replace("RECORD", Record, StringComparison.Ordinal)))!;

        read.InputFormat.Should().Be("dataframe_records");
        read.Example.GetProperty("dataframe_records")[0].GetProperty("tenure").GetInt32().Should().Be(1);
    }

    [Fact]
    public void Alternatives_without_properties_are_passed_over()
    {
        var schema = """
            {"oneOf":[
              {"type":"object"},
              {"type":"object","properties":{"instances":{"type":"array","items":RECORD}}}
            ]}
            """.Replace("RECORD", Record, StringComparison.Ordinal);

        var read = OpenApiSchemaReader.Read(Document(schema))!;

        read.InputFormat.Should().Be("instances");
        read.Example.GetProperty("instances")[0].GetProperty("charges").GetDouble().Should().Be(1.5);
    }

    [Fact]
    public void Without_a_record_schema_the_example_has_no_columns() =>
        OpenApiSchemaReader.Read(Document("""{"type":"object","properties":{"dataframe_split":{"type":"object"}}}"""))!
            .Example.GetRawText().Should().Be("""{"dataframe_split":{"columns":[],"data":[[]]}}""");

    [Fact]
    public void Properties_that_name_no_input_form_are_passed_over_for_one_that_does() =>
        OpenApiSchemaReader.Read(Document("""{"type":"object","properties":{"params":{"type":"object"},"instances":{"type":"array"}}}"""))!
            .InputFormat.Should().Be("instances");

    [Fact]
    public void The_first_invocation_path_with_a_JSON_request_schema_is_read()
    {
        var document = """
            {"paths":{
              "/health":{"get":{}},
              "/served-models/a/invocations":{"post":{"requestBody":{"content":{"text/csv":{"schema":{"type":"string"}}}}}},
              "/served-models/b/invocations":{"post":{"requestBody":{"content":{"application/json":{"schema":true}}}}},
              "/served-models/c/invocations":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"inputs":{}}}}}}}},
              "/served-models/d/invocations":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"instances":{}}}}}}}}
            }}
            """;

        OpenApiSchemaReader.Read(document)!.InputFormat.Should().Be("inputs");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"paths\":")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"paths":[]}""")]
    [InlineData("""{"paths":{}}""")]
    [InlineData("""{"paths":{"/invocations":{"post":{"responses":{}}}}}""")]
    [InlineData("""{"paths":{"/invocations":{"post":{"requestBody":{"content":{"application/json":{}}}}}}}""")]
    [InlineData("""{"paths":{"/invocations":null}}""")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"paths":{"/invocations":[]}}""")]
    [InlineData("""{"paths":{"/invocations":{"post":[]}}}""")]
    [InlineData("""{"paths":{"/invocations":{"post":{"requestBody":{"content":"json"}}}}}""")]
    public void A_document_without_a_JSON_request_schema_describes_no_input(string document) =>
        OpenApiSchemaReader.Read(document).Should().BeNull();

    [Theory]
    [InlineData("""{"type":"object","properties":{"data":{"type":"array"}}}""")]
    [InlineData("""{"type":"object"}""")]
    [InlineData("""{"oneOf":[]}""")]
    [InlineData("""{"oneOf":[true,{"type":"object","properties":{"rows":{}}}]}""")]
    public void A_request_schema_without_a_known_input_form_describes_no_input(string schema) =>
        OpenApiSchemaReader.Read(Document(schema)).Should().BeNull();

    [Fact]
    public void A_column_typed_in_OpenAPI_3_1_s_nullable_form_gets_the_placeholder_of_its_type()
    {
        var schema = """
            {"type":"object","properties":{"dataframe_records":{"type":"array","items":{"type":"object","properties":{
              "tenure":{"type":["integer","null"]},"charges":{"type":["null","number"]},"plan":{"type":["null","string"]},
              "odd":{"type":[1]},"none":{"type":{}}}}}}}
            """;

        var read = OpenApiSchemaReader.Read(Document(schema))!;

        read.Example.GetRawText().Should().Be(
            """{"dataframe_records":[{"tenure":1,"charges":1.5,"plan":"example","odd":"example","none":"example"}]}""");
    }

    [Fact]
    public void Records_that_are_not_objects_give_an_example_without_columns()
    {
        var read = OpenApiSchemaReader.Read(Document("""{"type":"object","properties":{"instances":{"type":"array","items":[1]}}}"""))!;

        read.Example.GetRawText().Should().Be("""{"instances":[{}]}""");
    }

    private static string Document(string schema) => """
        {"openapi":"3.1.0","info":{"title":"churn","version":"1"},"paths":{
          "/served-models/churn-1/invocations":{"post":{"requestBody":{"content":{"application/json":{"schema":SCHEMA}}},"responses":{"200":{}}}}
        }}
        """.Replace("SCHEMA", schema, StringComparison.Ordinal);
}
