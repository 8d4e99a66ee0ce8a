using System.Text.Json;
using Catalog.Service.Model;

namespace UnitTests.Catalog;

/// <summary>Values typed by the column's type (api-contract.md §3), as a caller reads them in the JSON answer.</summary>
public sealed class QueryRowsTests
{
    [Theory]
    [InlineData("BOOLEAN", "true", "true")]
    [InlineData("BOOLEAN", "false", "false")]
    [InlineData("BOOLEAN", "True", "true")]
    [InlineData("BYTE", "-128", "-128")]
    [InlineData("SHORT", "32767", "32767")]
    [InlineData("INT", "42", "42")]
    [InlineData("LONG", "-9223372036854775808", "-9223372036854775808")]
    [InlineData("LONG", " 7 ", "7")]
    [InlineData("FLOAT", "1.5", "1.5")]
    [InlineData("DOUBLE", "-2.25E3", "-2250")]
    [InlineData("DOUBLE", "0", "0")]
    public void Booleans_and_numbers_are_JSON_booleans_and_numbers(string type, string cell, string json) =>
        Cell(type, cell).Should().Be(json);

    [Theory]
    [InlineData("TIMESTAMP", "2024-03-05T14:30:15.123+02:00", "2024-03-05T12:30:15.123Z")]
    [InlineData("TIMESTAMP", "2024-03-05T14:30:15Z", "2024-03-05T14:30:15.000Z")]
    [InlineData("TIMESTAMP", "2024-03-05 14:30:15.5", "2024-03-05T14:30:15.500Z")]
    [InlineData("TIMESTAMP", "2024-03-05", "2024-03-05T00:00:00.000Z")]
    public void Timestamps_are_UTC_with_milliseconds_and_a_time_without_offset_is_UTC(string type, string cell, string text) =>
        Cell(type, cell).Should().Be(JsonSerializer.Serialize(text));

    [Theory]
    [InlineData("DECIMAL", "12345678901234567890.123456789")]
    [InlineData("DATE", "2024-03-05")]
    [InlineData("STRING", "42")]
    [InlineData("STRING", "true")]
    [InlineData("BINARY", "AAEC")]
    [InlineData("SOMETHING_NEW", "x")]
    public void Decimals_dates_strings_and_unknown_types_keep_their_text(string type, string cell) =>
        Cell(type, cell).Should().Be(JsonSerializer.Serialize(cell));

    [Theory]
    [InlineData("BOOLEAN", "yes")]
    [InlineData("INT", "1.5")]
    [InlineData("LONG", "9223372036854775808")]
    [InlineData("SHORT", "abc")]
    [InlineData("DOUBLE", "NaN")]
    [InlineData("FLOAT", "Infinity")]
    [InlineData("DOUBLE", "-Infinity")]
    [InlineData("DOUBLE", "1,5")]
    [InlineData("TIMESTAMP", "not a time")]
    [InlineData("boolean", "true")]
    public void A_cell_that_does_not_read_as_its_type_keeps_its_text(string type, string cell) =>
        Cell(type, cell).Should().Be(JsonSerializer.Serialize(cell));

    [Theory]
    [InlineData("INT")]
    [InlineData("STRING")]
    [InlineData("BOOLEAN")]
    [InlineData("TIMESTAMP")]
    public void A_NULL_is_null_whatever_the_type(string type) =>
        Cell(type, null).Should().Be("null");

    [Fact]
    public void Each_row_is_an_object_with_the_columns_in_order()
    {
        var rows = new QueryRows(
            [new QueryColumn("id", "LONG"), new QueryColumn("city", "STRING"), new QueryColumn("active", "BOOLEAN")],
            [["1", "Paris", "true"], ["2", null, "false"]]);

        rows.Count.Should().Be(2);
        JsonSerializer.Serialize(rows).Should().Be("""[{"id":1,"city":"Paris","active":true},{"id":2,"city":null,"active":false}]""");
    }

    [Fact]
    public void No_rows_are_an_empty_list() =>
        JsonSerializer.Serialize(new QueryRows([new QueryColumn("id", "LONG")], [])).Should().Be("[]");

    [Fact]
    public void Rows_are_only_written_never_read()
    {
        var read = () => JsonSerializer.Deserialize<QueryRows>("[]");

        read.Should().Throw<NotSupportedException>();
    }

    private static string Cell(string type, string? cell) =>
        JsonSerializer.Serialize(new QueryRows([new QueryColumn("v", type)], [[cell]]))["[{\"v\":".Length..^"}]".Length];
}
