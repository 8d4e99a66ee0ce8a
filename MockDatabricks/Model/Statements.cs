namespace MockDatabricks.Model;

public sealed record StatementParameter(string Name, string? Value, string? Type);

public sealed record ExecuteStatementRequest(
    string? Statement,
    string? WarehouseId,
    string? Catalog = null,
    string? Schema = null,
    IReadOnlyList<StatementParameter>? Parameters = null,
    string? WaitTimeout = null,
    string? OnWaitTimeout = null,
    string? Disposition = null,
    string? Format = null,
    long? RowLimit = null);

public sealed record StatementResponse(string StatementId, StatementStatus Status, ResultManifest? Manifest = null, ResultData? Result = null);

public sealed record StatementStatus(string State, ServiceError? Error = null, string? SqlState = null);

public sealed record ServiceError(string ErrorCode, string Message);

public sealed record ResultManifest(
    string Format,
    ResultSchema Schema,
    long TotalRowCount,
    int TotalChunkCount,
    IReadOnlyList<ChunkInfo> Chunks,
    bool Truncated);

public sealed record ResultSchema(int ColumnCount, IReadOnlyList<ColumnDescription> Columns);

public sealed record ColumnDescription(string Name, int Position, string TypeName, string TypeText, int? TypePrecision = null, int? TypeScale = null);

public sealed record ChunkInfo(int ChunkIndex, long RowOffset, long RowCount, long ByteCount);

public sealed record ResultData(
    int ChunkIndex,
    long RowOffset,
    long RowCount,
    long ByteCount,
    IReadOnlyList<string?[]>? DataArray,
    int? NextChunkIndex = null,
    string? NextChunkInternalLink = null);

public sealed record WarehouseInfo(
    string Id,
    string Name,
    string State,
    string ClusterSize,
    string WarehouseType,
    bool EnableServerlessCompute,
    int MinNumClusters,
    int MaxNumClusters,
    int AutoStopMins,
    string CreatorName,
    OdbcParams OdbcParams);

public sealed record OdbcParams(string Hostname, string Path, int Port, string Protocol);
