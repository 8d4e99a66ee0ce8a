namespace Databricks.Client;

/// <summary>One page of a Unity Catalog list. A page may be empty and still have a next token.</summary>
public sealed record UnityCatalogPage<T>(IReadOnlyList<T> Items, string? NextPageToken)
{
    public bool HasMore => !string.IsNullOrEmpty(NextPageToken);
}
