using System.Globalization;
using MockDatabricks.Model;
using Npgsql;
using NpgsqlTypes;

namespace MockDatabricks.Services.Sql;

/// <summary>Turns a statement parameter <c>{name, value, type}</c> into a typed PostgreSQL parameter.</summary>
public static class SqlParameterBinder
{
    public static NpgsqlParameter Bind(StatementParameter parameter)
    {
        var type = (parameter.Type ?? "STRING").Trim().ToUpperInvariant();
        if (type == "STRING")
        {
            // An untyped value lets PostgreSQL cast it to whatever the context needs, as Spark casts a STRING.
            return new() { NpgsqlDbType = NpgsqlDbType.Unknown, Value = (object?)parameter.Value ?? DBNull.Value };
        }

        var databricksType = Resolve(type, parameter.Name);
        var dbType = databricksType.TypeName switch
        {
            "LONG" => NpgsqlDbType.Bigint,
            "INT" => NpgsqlDbType.Integer,
            "SHORT" or "BYTE" => NpgsqlDbType.Smallint,
            "DOUBLE" => NpgsqlDbType.Double,
            "FLOAT" => NpgsqlDbType.Real,
            "DECIMAL" => NpgsqlDbType.Numeric,
            "BOOLEAN" => NpgsqlDbType.Boolean,
            "DATE" => NpgsqlDbType.Date,
            _ => NpgsqlDbType.Timestamp,
        };
        if (parameter.Value is null)
        {
            return new() { NpgsqlDbType = dbType, Value = DBNull.Value };
        }

        return new() { NpgsqlDbType = dbType, Value = Convert(parameter.Value, databricksType) ?? throw CastFailure(parameter.Value, type) };
    }

    private static DatabricksType Resolve(string type, string name)
    {
        try
        {
            return DatabricksTypes.Parse(type is "DECIMAL" or "NUMERIC" ? "DECIMAL(10,0)" : type is "TIMESTAMP_NTZ" ? "TIMESTAMP" : type);
        }
        catch (ArgumentException)
        {
            throw new SqlFailure("UNSUPPORTED_DATATYPE", $"Unsupported data type \"{type}\" for parameter `{name}`.", "0A000");
        }
    }

    private static object? Convert(string value, DatabricksType type)
    {
        var text = value.Trim();
        var invariant = CultureInfo.InvariantCulture;
        return type.TypeName switch
        {
            "LONG" => long.TryParse(text, NumberStyles.Integer, invariant, out var l) ? l : null,
            "INT" => int.TryParse(text, NumberStyles.Integer, invariant, out var i) ? i : null,
            "SHORT" or "BYTE" => short.TryParse(text, NumberStyles.Integer, invariant, out var s) ? s : null,
            "DOUBLE" => double.TryParse(text, NumberStyles.Float, invariant, out var d) ? d : null,
            "FLOAT" => float.TryParse(text, NumberStyles.Float, invariant, out var f) ? f : null,
            "DECIMAL" => decimal.TryParse(text, NumberStyles.Number, invariant, out var m) ? m : null,
            "BOOLEAN" => bool.TryParse(text, out var b) ? b : null,
            "DATE" => DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var date) ? date : null,
            _ => DateTime.TryParse(text, invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var ts)
                ? DateTime.SpecifyKind(ts, DateTimeKind.Unspecified)
                : null,
        };
    }

    private static SqlFailure CastFailure(string value, string type) =>
        new("CAST_INVALID_INPUT", $"The value '{value}' of the type \"STRING\" cannot be cast to \"{type}\" because it is malformed.", "22018");
}
