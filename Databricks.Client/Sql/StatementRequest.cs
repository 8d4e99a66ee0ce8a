namespace Databricks.Client;

/// <summary>What to run. Results come back INLINE as JSON_ARRAY (the API's defaults).</summary>
public sealed record StatementRequest(string Statement, string WarehouseId)
{
    public string? Catalog { get; init; }

    public string? Schema { get; init; }

    public IReadOnlyList<StatementParameter> Parameters { get; init; } = [];

    /// <summary>How long the submit waits for a result: zero (fully asynchronous) or 5–50 s. Null is the API default, 10 s.</summary>
    public TimeSpan? WaitTimeout { get; init; }

    /// <summary><c>CONTINUE</c> (the default) or <c>CANCEL</c> when <see cref="WaitTimeout"/> runs out.</summary>
    public string? OnWaitTimeout { get; init; }

    public long? RowLimit { get; init; }
}
