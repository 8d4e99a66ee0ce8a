namespace Catalog.Service.Services.Browse;

/// <summary>A three-part table name whose parts have passed <see cref="Identifiers"/>.</summary>
public sealed record TableName(string Catalog, string Schema, string Table)
{
    public string FullName => $"{Catalog}.{Schema}.{Table}";
}

/// <summary>
/// Unity Catalog's naming rules for catalogs, schemas and tables: 1–255 characters, no period, space, forward slash or
/// control character. A name that breaks them cannot exist, so it is refused before the workspace is asked.
/// </summary>
public static class Identifiers
{
    public const int MaxLength = 255;
    public const string Rule = "must be 1-255 characters without '.', ' ', '/' or control characters";

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && !name.Any(c => c is '.' or ' ' or '/' || char.IsControl(c));

    /// <summary>Backtick-quoted for SQL, with backticks inside doubled.</summary>
    public static string Quote(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}
