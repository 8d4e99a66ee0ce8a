using System.Text.Json;
using Catalog.Service.Model;
using Catalog.Service.Services.Browse;
using Catalog.Service.Services.Defaults;
using ServiceDefaults.Paging;

namespace Catalog.Service.Services.Query;

/// <summary>
/// Checks a query's shape (api-contract.md §3) before any workspace call: the table's coordinates after defaults, the
/// column list, each filter's operator and value, each order's direction, and limit/offset. Every problem found is
/// reported at once, by field.
/// </summary>
public static class TableQueryValidator
{
    public const int MaxInValues = 1000;

    public static (TableQuery? Query, Dictionary<string, string[]>? Errors) Validate(
        QueryRequest request, string? limit, string? offset, CallerDefaults defaults)
    {
        var errors = new Dictionary<string, string[]>();
        var (page, pageErrors) = PageRequest.Parse(limit, offset, defaults.PageSize);
        foreach (var (field, messages) in pageErrors ?? [])
        {
            errors[field] = messages;
        }

        var (catalogName, schemaName) = Coordinates.WithDefaults(request.Catalog, request.Schema, defaults);
        var catalog = Coordinate("catalog", catalogName, errors);
        var schema = Coordinate("schema", schemaName, errors);
        var table = Coordinate("table", request.Table, errors);
        var columns = Columns(request.Columns, errors);
        var filters = Filters(request.Filters, errors);
        var orderBy = OrderBy(request.OrderBy, errors);

        return errors.Count > 0
            ? (null, errors)
            : (new TableQuery(new TableName(catalog!, schema!, table!), columns, filters, orderBy, page), null);
    }

    private static string? Coordinate(string field, string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors[field] = ["is required"];
            return null;
        }

        if (!Identifiers.IsValid(name))
        {
            errors[field] = [Identifiers.Rule];
            return null;
        }

        return name;
    }

    private static List<string>? Columns(IReadOnlyList<string?>? columns, Dictionary<string, string[]> errors)
    {
        if (columns is null)
        {
            return null;
        }

        if (columns.Count == 0 || columns.Any(string.IsNullOrWhiteSpace))
        {
            errors["columns"] = ["must name at least one column, and no empty ones"];
            return null;
        }

        return [.. columns.Select(c => c!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static List<TableQueryFilter> Filters(IReadOnlyList<QueryFilter?>? filters, Dictionary<string, string[]> errors)
    {
        var valid = new List<TableQueryFilter>();
        var messages = new List<string>();
        for (var i = 0; i < (filters?.Count ?? 0); i++)
        {
            var filter = filters![i];
            if (Filter(filter) is { } error)
            {
                messages.Add($"filters[{i}]: {error}");
                continue;
            }

            var op = FilterOperators.Parse(filter!.Op)!.Value;
            valid.Add(new TableQueryFilter(filter.Column!.Trim(), op, Values(op, filter.Value)));
        }

        if (messages.Count > 0)
        {
            errors["filters"] = [.. messages];
        }

        return valid;
    }

    private static string? Filter(QueryFilter? filter)
    {
        if (filter is null || string.IsNullOrWhiteSpace(filter.Column))
        {
            return "column is required";
        }

        if (FilterOperators.Parse(filter.Op) is not { } op)
        {
            return $"op must be one of {FilterOperators.Names}";
        }

        var value = filter.Value ?? default;
        return op switch
        {
            FilterOperator.IsNull or FilterOperator.IsNotNull when value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null) =>
                $"{filter.Op} takes no value",
            FilterOperator.IsNull or FilterOperator.IsNotNull => null,
            FilterOperator.In when value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > MaxInValues =>
                $"in needs an array of 1-{MaxInValues} values",
            FilterOperator.In when value.EnumerateArray().Any(v => FilterOperators.ScalarText(v) is null) =>
                "in takes strings, numbers or booleans (use is_null for NULL)",
            FilterOperator.In => null,
            _ when FilterOperators.ScalarText(value) is null =>
                $"{filter.Op} needs one string, number or boolean value (use is_null for NULL)",
            _ => null,
        };
    }

    private static List<string> Values(FilterOperator op, JsonElement? value) => op switch
    {
        FilterOperator.IsNull or FilterOperator.IsNotNull => [],
        FilterOperator.In => [.. value!.Value.EnumerateArray().Select(v => FilterOperators.ScalarText(v)!)],
        _ => [FilterOperators.ScalarText(value!.Value)!],
    };

    private static List<TableQueryOrder> OrderBy(IReadOnlyList<QueryOrder?>? orderBy, Dictionary<string, string[]> errors)
    {
        var valid = new List<TableQueryOrder>();
        var messages = new List<string>();
        for (var i = 0; i < (orderBy?.Count ?? 0); i++)
        {
            var order = orderBy![i];
            var direction = order?.Direction?.Trim().ToLowerInvariant();
            if (order is null || string.IsNullOrWhiteSpace(order.Column))
            {
                messages.Add($"order_by[{i}]: column is required");
            }
            else if (direction is not (null or "" or "asc" or "desc"))
            {
                messages.Add($"order_by[{i}]: direction must be asc or desc");
            }
            else
            {
                valid.Add(new TableQueryOrder(order.Column.Trim(), direction == "desc"));
            }
        }

        if (messages.Count > 0)
        {
            errors["order_by"] = [.. messages];
        }

        return valid;
    }
}
