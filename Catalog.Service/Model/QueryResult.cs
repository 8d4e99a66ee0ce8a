namespace Catalog.Service.Model;

/// <summary>One page of a table (api-contract.md §3); <see cref="Rows"/> carries the values typed by column.</summary>
public sealed record QueryResult(
    string QueryId,
    TableCoordinates DataSource,
    IReadOnlyList<QueryColumn> Columns,
    QueryRows Rows,
    int RowCount,
    long TotalRowCount,
    int Limit,
    int Offset,
    int? NextOffset,
    long ExecutionTimeMs,
    DateTime ExecutedAt,
    string UserId);

public sealed record QueryColumn(string Name, string DataType);
