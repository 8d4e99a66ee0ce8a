using System.Text.Json;
using Catalog.Service.Model;
using Catalog.Service.Services.Browse;
using Catalog.Service.Services.Defaults;
using Catalog.Service.Services.Query;
using ServiceDefaults.Paging;

namespace UnitTests.Catalog;

public sealed class TableQueryValidatorTests
{
    private static readonly CallerDefaults Defaults = new("main", "sales", 50);

    [Fact]
    public void A_table_alone_is_read_from_the_default_catalog_and_schema_with_the_callers_page_size()
    {
        var query = Valid(Request(table: "transactions"));

        query.Table.Should().Be(new TableName("main", "sales", "transactions"));
        query.Columns.Should().BeNull("every column is read");
        query.Filters.Should().BeEmpty();
        query.OrderBy.Should().BeEmpty();
        query.Page.Should().Be(new PageRequest(50, 0));
    }

    [Fact]
    public void Limit_and_offset_of_the_request_win_over_the_default()
    {
        var (query, errors) = TableQueryValidator.Validate(Request(table: "t"), "7", "14", Defaults);

        errors.Should().BeNull();
        query!.Page.Should().Be(new PageRequest(7, 14));
    }

    [Fact]
    public void Named_coordinates_win_over_the_defaults() =>
        Valid(Request("hr", "people", "staff")).Table.Should().Be(new TableName("hr", "people", "staff"));

    [Fact]
    public void Every_problem_is_reported_at_once_by_field()
    {
        var request = new QueryRequest(
            "bad.catalog", null, null, [], [new QueryFilter(null, "eq", Json("1"))], [new QueryOrder("x", "sideways")], null, null);

        var errors = Invalid(request, limit: "0", offset: "-1", new CallerDefaults(null, null, 100));

        errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["limit"] = ["must be an integer from 1 to 1000"],
            ["offset"] = ["must be an integer from 0 to 10000000"],
            ["catalog"] = [Identifiers.Rule],
            ["schema"] = ["is required"],
            ["table"] = ["is required"],
            ["columns"] = ["must name at least one column, and no empty ones"],
            ["filters"] = ["filters[0]: column is required"],
            ["order_by"] = ["order_by[0]: direction must be asc or desc"],
        });
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("")]
    public void A_table_name_Unity_Catalog_cannot_have_is_refused(string table)
    {
        var errors = Invalid(Request(table: table));

        errors.Keys.Should().Equal("table");
    }

    [Fact]
    public void A_bad_schema_name_is_refused() =>
        Invalid(Request(schema: "a.b", table: "t")).Should().ContainKey("schema").WhoseValue.Should().Equal(Identifiers.Rule);

    [Fact]
    public void Columns_are_trimmed_and_named_once_whatever_their_case()
    {
        var query = Valid(Request(table: "t", columns: [" id ", "Name", "ID", "name", "amount"]));

        query.Columns.Should().Equal("id", "Name", "amount");
    }

    public static TheoryData<string?[]> EmptyColumns => new() { Array.Empty<string?>(), new[] { "id", "" }, new[] { "id", " " }, new[] { null, "id" } };

    [Theory]
    [MemberData(nameof(EmptyColumns))]
    public void An_empty_column_list_or_an_empty_column_is_refused(string?[] columns) =>
        Invalid(Request(table: "t", columns: columns)).Should().ContainKey("columns")
            .WhoseValue.Should().Equal("must name at least one column, and no empty ones");

    [Theory]
    [InlineData("eq", "\"Paris\"", FilterOperator.Eq, "Paris")]
    [InlineData("ne", "3", FilterOperator.Ne, "3")]
    [InlineData("lt", "2.5", FilterOperator.Lt, "2.5")]
    [InlineData("le", "true", FilterOperator.Le, "true")]
    [InlineData("gt", "false", FilterOperator.Gt, "false")]
    [InlineData("ge", "\"2024-01-01\"", FilterOperator.Ge, "2024-01-01")]
    [InlineData("like", "\"Par%\"", FilterOperator.Like, "Par%")]
    public void A_comparison_takes_one_scalar_value(string op, string value, FilterOperator expected, string text)
    {
        var query = Valid(Request(table: "t", filters: [new QueryFilter(" city ", op, Json(value))]));

        query.Filters.Should().ContainSingle().Which.Should().BeEquivalentTo(new TableQueryFilter("city", expected, [text]));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{}")]
    [InlineData(null)]
    public void A_comparison_without_one_scalar_value_is_refused(string? value) =>
        Invalid(Request(table: "t", filters: [new QueryFilter("city", "eq", value is null ? null : Json(value))]))
            .Should().ContainKey("filters").WhoseValue.Should().Equal(
                "filters[0]: eq needs one string, number or boolean value (use is_null for NULL)");

    [Theory]
    [InlineData("is_null", FilterOperator.IsNull)]
    [InlineData("is_not_null", FilterOperator.IsNotNull)]
    public void A_null_test_takes_no_value(string op, FilterOperator expected)
    {
        var query = Valid(Request(table: "t", filters: [new QueryFilter("city", op, null), new QueryFilter("zip", op, Json("null"))]));

        query.Filters.Should().BeEquivalentTo(new[] { new TableQueryFilter("city", expected, []), new TableQueryFilter("zip", expected, []) });
    }

    [Theory]
    [InlineData("is_null", "1")]
    [InlineData("is_not_null", "\"x\"")]
    [InlineData("is_null", "[]")]
    public void A_null_test_with_a_value_is_refused(string op, string value) =>
        Invalid(Request(table: "t", filters: [new QueryFilter("city", op, Json(value))]))
            .Should().ContainKey("filters").WhoseValue.Should().Equal($"filters[0]: {op} takes no value");

    [Fact]
    public void In_takes_a_list_of_scalar_values()
    {
        var query = Valid(Request(table: "t", filters: [new QueryFilter("city", "in", Json("""["Paris", 75, true, false]"""))]));

        query.Filters.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new TableQueryFilter("city", FilterOperator.In, ["Paris", "75", "true", "false"]));
    }

    [Fact]
    public void In_takes_up_to_1000_values()
    {
        var thousand = JsonSerializer.SerializeToElement(Enumerable.Range(0, TableQueryValidator.MaxInValues));
        var tooMany = JsonSerializer.SerializeToElement(Enumerable.Range(0, TableQueryValidator.MaxInValues + 1));

        Valid(Request(table: "t", filters: [new QueryFilter("n", "in", thousand)])).Filters[0].Values.Should().HaveCount(1000);
        Invalid(Request(table: "t", filters: [new QueryFilter("n", "in", tooMany)]))["filters"].Should().Equal("filters[0]: in needs an array of 1-1000 values");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"Paris\"")]
    [InlineData("null")]
    [InlineData(null)]
    public void In_without_a_non_empty_list_is_refused(string? value) =>
        Invalid(Request(table: "t", filters: [new QueryFilter("city", "in", value is null ? null : Json(value))]))["filters"]
            .Should().Equal("filters[0]: in needs an array of 1-1000 values");

    [Theory]
    [InlineData("""["Paris", null]""")]
    [InlineData("""[["Paris"]]""")]
    [InlineData("""[{"a":1}]""")]
    public void In_with_a_value_that_is_not_scalar_is_refused(string value) =>
        Invalid(Request(table: "t", filters: [new QueryFilter("city", "in", Json(value))]))["filters"]
            .Should().Equal("filters[0]: in takes strings, numbers or booleans (use is_null for NULL)");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("EQ")]
    [InlineData("between")]
    public void An_unknown_operator_is_refused_with_the_known_ones(string? op) =>
        Invalid(Request(table: "t", filters: [new QueryFilter("city", op, Json("1"))]))["filters"]
            .Should().Equal("filters[0]: op must be one of eq, ne, lt, le, gt, ge, like, in, is_null, is_not_null");

    [Fact]
    public void Each_bad_filter_is_reported_with_its_index()
    {
        var errors = Invalid(Request(table: "t", filters:
        [
            new QueryFilter("ok", "eq", Json("1")),
            null,
            new QueryFilter(" ", "eq", Json("1")),
            new QueryFilter("x", "is_null", Json("1")),
        ]));

        errors["filters"].Should().Equal("filters[1]: column is required", "filters[2]: column is required", "filters[3]: is_null takes no value");
    }

    [Fact]
    public void Orders_keep_their_sequence_and_default_to_ascending()
    {
        var query = Valid(Request(table: "t", orderBy:
        [
            new QueryOrder(" amount ", " DESC "),
            new QueryOrder("id", null),
            new QueryOrder("name", ""),
            new QueryOrder("city", "Asc"),
            new QueryOrder("zip", "desc"),
        ]));

        query.OrderBy.Should().Equal(
            new TableQueryOrder("amount", true),
            new TableQueryOrder("id", false),
            new TableQueryOrder("name", false),
            new TableQueryOrder("city", false),
            new TableQueryOrder("zip", true));
    }

    [Fact]
    public void Each_bad_order_is_reported_with_its_index()
    {
        var errors = Invalid(Request(table: "t", orderBy:
        [
            new QueryOrder("id", "asc"),
            null,
            new QueryOrder("", "asc"),
            new QueryOrder("x", "descending"),
        ]));

        errors["order_by"].Should().Equal(
            "order_by[1]: column is required", "order_by[2]: column is required", "order_by[3]: direction must be asc or desc");
    }

    private static QueryRequest Request(
        string? catalog = null,
        string? schema = null,
        string? table = null,
        IReadOnlyList<string?>? columns = null,
        IReadOnlyList<QueryFilter?>? filters = null,
        IReadOnlyList<QueryOrder?>? orderBy = null) =>
        new(catalog, schema, table, columns, filters, orderBy, null, null);

    private static TableQuery Valid(QueryRequest request)
    {
        var (query, errors) = TableQueryValidator.Validate(request, null, null, Defaults);
        errors.Should().BeNull();
        return query!;
    }

    private static Dictionary<string, string[]> Invalid(QueryRequest request, string? limit = null, string? offset = null, CallerDefaults? defaults = null)
    {
        var (query, errors) = TableQueryValidator.Validate(request, limit, offset, defaults ?? Defaults);
        query.Should().BeNull();
        return errors!;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
