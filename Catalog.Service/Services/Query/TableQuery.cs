using System.Text.Json;
using Catalog.Service.Services.Browse;
using ServiceDefaults.Paging;

namespace Catalog.Service.Services.Query;

/// <summary>A query request checked for shape, before anything is known about the table's columns.</summary>
public sealed record TableQuery(
    TableName Table,
    IReadOnlyList<string>? Columns,
    IReadOnlyList<TableQueryFilter> Filters,
    IReadOnlyList<TableQueryOrder> OrderBy,
    PageRequest Page);

/// <summary>One filter: <see cref="Values"/> holds one value, none (is_null, is_not_null), or the list of <c>in</c>.</summary>
public sealed record TableQueryFilter(string Column, FilterOperator Operator, IReadOnlyList<string> Values);

public sealed record TableQueryOrder(string Column, bool Descending);

public enum FilterOperator
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Like,
    In,
    IsNull,
    IsNotNull,
}

public static class FilterOperators
{
    public const string Names = "eq, ne, lt, le, gt, ge, like, in, is_null, is_not_null";

    public static FilterOperator? Parse(string? name) => name switch
    {
        "eq" => FilterOperator.Eq,
        "ne" => FilterOperator.Ne,
        "lt" => FilterOperator.Lt,
        "le" => FilterOperator.Le,
        "gt" => FilterOperator.Gt,
        "ge" => FilterOperator.Ge,
        "like" => FilterOperator.Like,
        "in" => FilterOperator.In,
        "is_null" => FilterOperator.IsNull,
        "is_not_null" => FilterOperator.IsNotNull,
        _ => null,
    };

    /// <summary>The SQL of the comparisons with one value; <c>in</c> and the null tests are written by the statement builder.</summary>
    public static IReadOnlyDictionary<FilterOperator, string> Comparisons { get; } = new Dictionary<FilterOperator, string>
    {
        [FilterOperator.Eq] = "=",
        [FilterOperator.Ne] = "<>",
        [FilterOperator.Lt] = "<",
        [FilterOperator.Le] = "<=",
        [FilterOperator.Gt] = ">",
        [FilterOperator.Ge] = ">=",
        [FilterOperator.Like] = "LIKE",
    };

    /// <summary>The text of a scalar JSON value as a statement parameter carries it; null for anything else.</summary>
    public static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
