namespace MockDatabricks.Services;

/// <summary>The API areas faults and the journal are kept by.</summary>
public static class Areas
{
    public const string Scim = "scim";
    public const string UnityCatalog = "unity-catalog";
    public const string Sql = "sql";
    public const string Serving = "serving";
    public const string Database = "database";
    public const string Oidc = "oidc";

    public static readonly IReadOnlySet<string> Faultable = new HashSet<string>(StringComparer.Ordinal) { Scim, UnityCatalog, Sql, Serving, Database };

    public static string? Of(PathString path) =>
        path.StartsWithSegments("/api/2.0/preview/scim") ? Scim
        : path.StartsWithSegments("/api/2.1/unity-catalog") ? UnityCatalog
        : path.StartsWithSegments("/api/2.0/sql") ? Sql
        : path.StartsWithSegments("/api/2.0/serving-endpoints") || path.StartsWithSegments("/serving-endpoints") ? Serving
        : path.StartsWithSegments("/api/2.0/database") ? Database
        : path.StartsWithSegments("/oidc") ? Oidc
        : null;
}
