using System.Globalization;
using System.Text;
using Catalog.Service.Services.Browse;
using Databricks.Client;

namespace Catalog.Service.Services.Query;

/// <summary>The page statement, the statement that counts the matching rows, and the parameters both use.</summary>
public sealed record SelectStatements(string Page, string Count, IReadOnlyList<StatementParameter> FilterParameters, IReadOnlyList<StatementParameter> PageParameters)
{
    public IReadOnlyList<StatementParameter> AllPageParameters => [.. FilterParameters, .. PageParameters];
}

/// <summary>
/// Writes a <see cref="TableQuery"/> as SQL once its columns are known to exist. Identifiers are backtick-quoted with
/// backticks doubled; every filter value, the limit and the offset travel as named parameters. The order is always
/// total: the requested columns first, then every orderable column of the table in declared order as tie-breakers.
/// </summary>
public static class SelectStatementBuilder
{
    public const string LimitParameter = "row_limit";
    public const string OffsetParameter = "row_offset";

    // Spark cannot order by these.
    private static readonly HashSet<string> Unorderable = new(StringComparer.OrdinalIgnoreCase) { "ARRAY", "MAP", "STRUCT", "VARIANT", "BINARY", "INTERVAL" };

    public static (SelectStatements? Statements, Dictionary<string, string[]>? Errors) Build(TableQuery query, IReadOnlyList<ColumnInfo> tableColumns)
    {
        var byName = new Dictionary<string, ColumnInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in tableColumns.OrderBy(c => c.Position ?? int.MaxValue))
        {
            byName.TryAdd(column.Name, column);
        }

        var errors = new Dictionary<string, string[]>();
        var selected = Resolve("columns", query.Columns ?? [], byName, errors);
        var filtered = Resolve("filters", [.. query.Filters.Select(f => f.Column)], byName, errors);
        var ordered = Resolve("order_by", [.. query.OrderBy.Select(o => o.Column)], byName, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var from = $"FROM {Identifiers.Quote(query.Table.Catalog)}.{Identifiers.Quote(query.Table.Schema)}.{Identifiers.Quote(query.Table.Table)}";
        var (where, filterParameters) = Where(query.Filters, filtered);
        var columns = query.Columns is null ? byName.Values.ToList() : selected;
        var select = string.Join(", ", columns.Select(c => Identifiers.Quote(c.Name)));
        var order = OrderBy(query.OrderBy, ordered, byName.Values);
        var page = $"SELECT {select} {from}{where}{(order.Length > 0 ? " ORDER BY " + order : "")} LIMIT :{LimitParameter} OFFSET :{OffsetParameter}";
        var count = $"SELECT COUNT(*) AS total_row_count {from}{where}";
        StatementParameter[] pageParameters =
        [
            new(LimitParameter, query.Page.Limit.ToString(CultureInfo.InvariantCulture), "INT"),
            new(OffsetParameter, query.Page.Offset.ToString(CultureInfo.InvariantCulture), "INT"),
        ];
        return (new SelectStatements(page, count, filterParameters, pageParameters), null);
    }

    private static List<ColumnInfo> Resolve(string field, IReadOnlyList<string> names, Dictionary<string, ColumnInfo> byName, Dictionary<string, string[]> errors)
    {
        var unknown = names.Where(n => !byName.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            errors[field] = [.. unknown.Select(n => $"the table has no column '{n}'")];
            return [];
        }

        return [.. names.Select(n => byName[n])];
    }

    private static (string Where, List<StatementParameter> Parameters) Where(IReadOnlyList<TableQueryFilter> filters, List<ColumnInfo> columns)
    {
        var parameters = new List<StatementParameter>();
        if (filters.Count == 0)
        {
            return ("", parameters);
        }

        var conditions = new List<string>(filters.Count);
        for (var i = 0; i < filters.Count; i++)
        {
            var filter = filters[i];
            var column = Identifiers.Quote(columns[i].Name);
            var type = filter.Operator == FilterOperator.Like ? null : ParameterType(columns[i]);
            switch (filter.Operator)
            {
                case FilterOperator.IsNull:
                    conditions.Add($"{column} IS NULL");
                    break;
                case FilterOperator.IsNotNull:
                    conditions.Add($"{column} IS NOT NULL");
                    break;
                case FilterOperator.In:
                    var names = filter.Values.Select((value, j) =>
                    {
                        var name = $"f{i}_{j}";
                        parameters.Add(new StatementParameter(name, value, type));
                        return ":" + name;
                    });
                    conditions.Add($"{column} IN ({string.Join(", ", names)})");
                    break;
                default:
                    parameters.Add(new StatementParameter($"f{i}", filter.Values[0], type));
                    conditions.Add($"{column} {FilterOperators.Comparisons[filter.Operator]} :f{i}");
                    break;
            }
        }

        return (" WHERE " + string.Join(" AND ", conditions), parameters);
    }

    private static string OrderBy(IReadOnlyList<TableQueryOrder> requested, List<ColumnInfo> columns, IEnumerable<ColumnInfo> tableColumns)
    {
        var terms = new StringBuilder();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < requested.Count; i++)
        {
            if (used.Add(columns[i].Name))
            {
                Append(terms, columns[i], requested[i].Descending);
            }
        }

        foreach (var column in tableColumns.Where(c => !Unorderable.Contains(c.TypeName ?? "") && used.Add(c.Name)))
        {
            Append(terms, column, descending: false);
        }

        return terms.ToString();
    }

    /// <summary>
    /// NULLs sort as Spark sorts them by default (first ascending, last descending), written out so that every warehouse
    /// agrees. A column that cannot be NULL gets no NULLS clause, which leaves its index usable for the order.
    /// </summary>
    private static void Append(StringBuilder terms, ColumnInfo column, bool descending)
    {
        if (terms.Length > 0)
        {
            terms.Append(", ");
        }

        terms.Append(Identifiers.Quote(column.Name)).Append(descending ? " DESC" : " ASC");
        if (column.Nullable != false)
        {
            terms.Append(descending ? " NULLS LAST" : " NULLS FIRST");
        }
    }

    /// <summary>The SQL type a filter value is cast to, so that it compares as the column's type; null is STRING.</summary>
    private static string? ParameterType(ColumnInfo column) =>
        string.Equals(column.TypeName, "DECIMAL", StringComparison.OrdinalIgnoreCase) && column.TypePrecision is { } precision
            ? $"DECIMAL({precision},{column.TypeScale ?? 0})"
            : ParameterTypes.GetValueOrDefault(column.TypeName ?? "");

    private static readonly Dictionary<string, string> ParameterTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LONG"] = "BIGINT",
        ["INT"] = "INT",
        ["SHORT"] = "SMALLINT",
        ["BYTE"] = "TINYINT",
        ["FLOAT"] = "FLOAT",
        ["DOUBLE"] = "DOUBLE",
        ["BOOLEAN"] = "BOOLEAN",
        ["DATE"] = "DATE",
        ["TIMESTAMP"] = "TIMESTAMP",
        ["DECIMAL"] = "DECIMAL",
    };
}
