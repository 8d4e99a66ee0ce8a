using MockDatabricks.Infrastructure;
using MockDatabricks.Model;

namespace MockDatabricks.Services.Statements;

/// <summary>Shapes a statement as StatementResponse, with its manifest and INLINE JSON_ARRAY chunks.</summary>
public sealed class StatementResponses(IConfiguration configuration)
{
    private readonly int _rowsPerChunk = Math.Max(1, configuration.GetValue("Mock:Sql:RowsPerChunk", 1000));

    public StatementResponse Describe(StatementRecord record)
    {
        switch (record.VisibleOutcome)
        {
            case StatementSucceeded succeeded:
                var manifest = Manifest(succeeded.Result);
                return new(record.Id, new("SUCCEEDED"), manifest, manifest.TotalChunkCount == 0 ? EmptyResult() : Chunk(record.Id, succeeded.Result, 0));
            case StatementFailed failed:
                return new(record.Id, new("FAILED", new ServiceError(failed.Failure.ErrorCode, failed.Failure.StatusMessage), failed.Failure.SqlState));
            case StatementCanceled:
                return new(record.Id, new("CANCELED"));
            default:
                return new(record.Id, new(record.Stage == 0 ? "PENDING" : "RUNNING"));
        }
    }

    public int ChunkCount(QueryResult result) => (result.Rows.Count + _rowsPerChunk - 1) / _rowsPerChunk;

    public ResultData Chunk(string statementId, QueryResult result, int index)
    {
        var offset = index * _rowsPerChunk;
        var rows = result.Rows.Skip(offset).Take(_rowsPerChunk).ToList();
        var next = index + 1 < ChunkCount(result) ? index + 1 : (int?)null;
        return new(index, offset, rows.Count, ByteCount(rows), rows, next,
            next is { } n ? $"/api/2.0/sql/statements/{statementId}/result/chunks/{n}" : null);
    }

    private ResultManifest Manifest(QueryResult result)
    {
        var columns = result.Columns
            .Select((c, i) => new ColumnDescription(c.Name, i, c.Type.TypeName, c.Type.TypeText, c.Type.Precision, c.Type.Scale))
            .ToList();
        var chunkCount = ChunkCount(result);
        var chunks = Enumerable.Range(0, chunkCount)
            .Select(i =>
            {
                var rows = result.Rows.Skip(i * _rowsPerChunk).Take(_rowsPerChunk).ToList();
                return new ChunkInfo(i, (long)i * _rowsPerChunk, rows.Count, ByteCount(rows));
            })
            .ToList();
        return new("JSON_ARRAY", new(columns.Count, columns), result.Rows.Count, chunkCount, chunks, result.Truncated);
    }

    // An empty result has no chunks and a result without data_array (verify live).
    private static ResultData EmptyResult() => new(0, 0, 0, 0, null);

    // The size of the chunk's JSON array, near enough for a byte_count.
    private static long ByteCount(IReadOnlyList<string?[]> rows) =>
        rows.Sum(r => 2L + r.Sum(c => c is null ? 5L : c.Length + 3L));
}
