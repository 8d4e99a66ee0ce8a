using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Catalog.Service.Model;

/// <summary>
/// The rows of a result as the statement API sent them (every cell text or null), written as JSON objects whose values
/// are typed by the column's type: straight from the cells to the response, without a typed copy in between.
/// </summary>
[JsonConverter(typeof(QueryRowsConverter))]
public sealed class QueryRows(IReadOnlyList<QueryColumn> columns, IReadOnlyList<IReadOnlyList<string?>> cells)
{
    public IReadOnlyList<QueryColumn> Columns { get; } = columns;

    public IReadOnlyList<IReadOnlyList<string?>> Cells { get; } = cells;

    public int Count => Cells.Count;
}

internal sealed class QueryRowsConverter : JsonConverter<QueryRows>
{
    private const string UtcMilliseconds = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override QueryRows Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Query rows are only written.");

    public override void Write(Utf8JsonWriter writer, QueryRows value, JsonSerializerOptions options)
    {
        var columns = value.Columns;
        writer.WriteStartArray();
        foreach (var row in value.Cells)
        {
            writer.WriteStartObject();
            for (var i = 0; i < columns.Count; i++)
            {
                writer.WritePropertyName(columns[i].Name);
                WriteCell(writer, columns[i].DataType, row[i]);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>api-contract.md §3: numbers as numbers, DECIMAL as a string (no digit lost), booleans, ISO timestamps.</summary>
    internal static void WriteCell(Utf8JsonWriter writer, string dataType, string? text)
    {
        if (text is null)
        {
            writer.WriteNullValue();
            return;
        }

        switch (dataType)
        {
            case "BOOLEAN" when bool.TryParse(text, out var flag):
                writer.WriteBooleanValue(flag);
                break;
            case "BYTE" or "SHORT" or "INT" or "LONG" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer):
                writer.WriteNumberValue(integer);
                break;
            case "FLOAT" or "DOUBLE" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real):
                writer.WriteNumberValue(real);
                break;
            case "TIMESTAMP" when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp):
                writer.WriteStringValue(timestamp.UtcDateTime.ToString(UtcMilliseconds, CultureInfo.InvariantCulture));
                break;
            default:
                // DECIMAL, DATE (already yyyy-MM-dd), STRING, NaN/Infinity and anything the warehouse adds later: its text.
                writer.WriteStringValue(text);
                break;
        }
    }
}
