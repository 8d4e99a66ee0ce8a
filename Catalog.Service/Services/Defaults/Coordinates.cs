namespace Catalog.Service.Services.Defaults;

public static class Coordinates
{
    /// <summary>
    /// Fills a missing catalog and schema from the defaults. The default schema belongs to the default catalog, so it
    /// is used only where that catalog is the one asked for.
    /// </summary>
    public static (string? Catalog, string? Schema) WithDefaults(string? catalog, string? schema, CallerDefaults defaults)
    {
        var resolvedCatalog = string.IsNullOrEmpty(catalog) ? defaults.Catalog : catalog;
        var resolvedSchema = !string.IsNullOrEmpty(schema) ? schema
            : string.Equals(resolvedCatalog, defaults.Catalog, StringComparison.Ordinal) ? defaults.Schema
            : null;
        return (resolvedCatalog, resolvedSchema);
    }
}
