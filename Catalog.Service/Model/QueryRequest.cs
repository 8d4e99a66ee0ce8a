using System.Text.Json;

namespace Catalog.Service.Model;

/// <summary>
/// The body of <c>POST /query</c>. <see cref="Limit"/> and <see cref="Offset"/> stay raw JSON so that a wrong value is a
/// 400 <c>INVALID_QUERY</c> with <c>errors.limit</c>, like the query string, rather than a binding failure.
/// </summary>
public sealed record QueryRequest(
    string? Catalog,
    string? Schema,
    string? Table,
    IReadOnlyList<string?>? Columns,
    IReadOnlyList<QueryFilter?>? Filters,
    IReadOnlyList<QueryOrder?>? OrderBy,
    JsonElement? Limit,
    JsonElement? Offset);

public sealed record QueryFilter(string? Column, string? Op, JsonElement? Value);

public sealed record QueryOrder(string? Column, string? Direction);
