namespace Databricks.Client;

/// <summary>
/// The answer to a submit or a poll. A statement that fails while executing is still an HTTP 200: look at
/// <see cref="StatementStatus.State"/>. <see cref="Manifest"/> and the first chunk come only with SUCCEEDED.
/// </summary>
public sealed record StatementResponse(string StatementId, StatementStatus Status, ResultManifest? Manifest, ResultData? Result);

public sealed record StatementStatus(string State, StatementError? Error, string? SqlState)
{
    public bool IsTerminal => State is StatementStates.Succeeded or StatementStates.Failed or StatementStates.Canceled or StatementStates.Closed;
}

/// <summary>The <see cref="Message"/> starts with the bracketed error class, e.g. <c>[TABLE_OR_VIEW_NOT_FOUND]</c>.</summary>
public sealed record StatementError(string? ErrorCode, string? Message);

public static class StatementStates
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Canceled = "CANCELED";
    public const string Closed = "CLOSED";
}

public sealed record ResultManifest(
    string? Format,
    ResultSchema? Schema,
    long? TotalRowCount,
    int? TotalChunkCount,
    IReadOnlyList<ResultChunkInfo>? Chunks,
    bool? Truncated);

public sealed record ResultSchema(int? ColumnCount, IReadOnlyList<ResultColumn>? Columns);

/// <summary>A result column; <see cref="TypeText"/> is upper-case SQL (e.g. <c>DECIMAL(10,2)</c>).</summary>
public sealed record ResultColumn(string Name, int? Position, string? TypeName, string? TypeText, int? TypePrecision, int? TypeScale);

public sealed record ResultChunkInfo(int ChunkIndex, long? RowOffset, long? RowCount);

/// <summary>One chunk of rows. Every cell is its text form or null. No next link means this is the last chunk.</summary>
public sealed record ResultData(
    int? ChunkIndex,
    long? RowOffset,
    long? RowCount,
    IReadOnlyList<IReadOnlyList<string?>>? DataArray,
    int? NextChunkIndex,
    string? NextChunkInternalLink);
