using System.Globalization;
using System.Text.RegularExpressions;

namespace MockDatabricks.Services.Sql;

/// <summary>A column type as the statement API and Unity Catalog describe it.</summary>
public sealed record DatabricksType(string TypeName, string TypeText, int? Precision = null, int? Scale = null)
{
    /// <summary>Unity Catalog spells type_text in lower case (<c>bigint</c>), the statement manifest in upper case.</summary>
    public string CatalogTypeText => TypeText.ToLowerInvariant();
}

/// <summary>Maps between Databricks types (as the reference data names them) and PostgreSQL types.</summary>
public static partial class DatabricksTypes
{
    public static DatabricksType Parse(string type)
    {
        var upper = type.Trim().ToUpperInvariant();
        if (DecimalPattern().Match(upper) is { Success: true } match)
        {
            var precision = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var scale = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            return new DatabricksType("DECIMAL", $"DECIMAL({precision},{scale})", precision, scale);
        }

        return upper switch
        {
            "LONG" or "BIGINT" => new("LONG", "BIGINT"),
            "INT" or "INTEGER" => new("INT", "INT"),
            "SHORT" or "SMALLINT" => new("SHORT", "SMALLINT"),
            "BYTE" or "TINYINT" => new("BYTE", "TINYINT"),
            "DOUBLE" => new("DOUBLE", "DOUBLE"),
            "FLOAT" or "REAL" => new("FLOAT", "FLOAT"),
            "BOOLEAN" => new("BOOLEAN", "BOOLEAN"),
            "DATE" => new("DATE", "DATE"),
            "TIMESTAMP" => new("TIMESTAMP", "TIMESTAMP"),
            "STRING" => new("STRING", "STRING"),
            _ => throw new ArgumentException($"Unsupported column type '{type}'.", nameof(type)),
        };
    }

    public static string ToPostgres(DatabricksType type) => type.TypeName switch
    {
        "LONG" => "bigint",
        "INT" => "integer",
        "SHORT" or "BYTE" => "smallint",
        "DOUBLE" => "double precision",
        "FLOAT" => "real",
        "BOOLEAN" => "boolean",
        "DATE" => "date",
        "TIMESTAMP" => "timestamp",
        "DECIMAL" => $"numeric({type.Precision},{type.Scale})",
        _ => "text",
    };

    /// <summary>The Databricks type of a result column, from PostgreSQL's data type name (with its modifier).</summary>
    public static DatabricksType FromPostgres(string dataTypeName)
    {
        if (NumericPattern().Match(dataTypeName) is { Success: true } match)
        {
            return Parse($"DECIMAL({match.Groups[1].Value},{(match.Groups[2].Success ? match.Groups[2].Value : "0")})");
        }

        return dataTypeName switch
        {
            "bigint" => Parse("LONG"),
            "integer" => Parse("INT"),
            "smallint" => Parse("SHORT"),
            "double precision" => Parse("DOUBLE"),
            "real" => Parse("FLOAT"),
            "boolean" => Parse("BOOLEAN"),
            "date" => Parse("DATE"),
            "timestamp without time zone" or "timestamp with time zone" => Parse("TIMESTAMP"),
            // An unconstrained numeric (e.g. SUM of decimals) is what Spark widens to DECIMAL(38,18).
            "numeric" => Parse("DECIMAL(38,18)"),
            _ => Parse("STRING"),
        };
    }

    [GeneratedRegex(@"^DECIMAL\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$")]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"^numeric\((\d+)(?:,\s*(\d+))?\)$")]
    private static partial Regex NumericPattern();
}
