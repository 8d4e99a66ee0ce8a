using System.Globalization;

namespace Databricks.Client;

/// <summary>The SQL Statement Execution API, <c>/api/2.0/sql/statements</c>.</summary>
public sealed class SqlStatementsClient
{
    private const string BasePath = "/api/2.0/sql/statements";
    private readonly DatabricksTransport _transport;

    internal SqlStatementsClient(DatabricksTransport transport) => _transport = transport;

    /// <summary>Submits a statement. Never retried once the server may have started it.</summary>
    public Task<StatementResponse> ExecuteAsync(
        DatabricksToken token, StatementRequest statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var request = DatabricksRequest.Post(BasePath, SubmitBody.From(statement), RetryClass.NonIdempotent);
        return _transport.SendForJsonAsync<StatementResponse>(request, token, cancellationToken);
    }

    public Task<StatementResponse> GetAsync(DatabricksToken token, string statementId, CancellationToken cancellationToken = default) =>
        _transport.SendForJsonAsync<StatementResponse>(DatabricksRequest.Get($"{BasePath}/{Segment(statementId)}"), token, cancellationToken);

    public Task<ResultData> GetChunkAsync(
        DatabricksToken token, string statementId, int chunkIndex, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        var path = $"{BasePath}/{Segment(statementId)}/result/chunks/{chunkIndex.ToString(CultureInfo.InvariantCulture)}";
        return _transport.SendForJsonAsync<ResultData>(DatabricksRequest.Get(path), token, cancellationToken);
    }

    /// <summary>Follows a <see cref="ResultData.NextChunkInternalLink"/>; only workspace-relative paths are accepted.</summary>
    public Task<ResultData> GetChunkAsync(DatabricksToken token, string nextChunkInternalLink, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nextChunkInternalLink);
        // The token goes wherever this link points, so it must stay on the workspace.
        if (!nextChunkInternalLink.StartsWith(BasePath + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException("The chunk link must be a workspace-relative statements path.", nameof(nextChunkInternalLink));
        }

        return _transport.SendForJsonAsync<ResultData>(DatabricksRequest.Get(nextChunkInternalLink), token, cancellationToken);
    }

    /// <summary>Asks for cancellation; poll <see cref="GetAsync"/> for CANCELED (the statement may still succeed).</summary>
    public Task CancelAsync(DatabricksToken token, string statementId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(
            new DatabricksRequest(HttpMethod.Post, $"{BasePath}/{Segment(statementId)}/cancel", RetryClass.NonIdempotent),
            token,
            cancellationToken);

    private static string Segment(string statementId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statementId);
        return Uri.EscapeDataString(statementId);
    }

    private sealed record SubmitBody(
        string Statement,
        string WarehouseId,
        string? Catalog,
        string? Schema,
        IReadOnlyList<StatementParameter>? Parameters,
        string? WaitTimeout,
        string? OnWaitTimeout,
        long? RowLimit)
    {
        public static SubmitBody From(StatementRequest request)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(request.Statement);
            ArgumentException.ThrowIfNullOrWhiteSpace(request.WarehouseId);
            return new(
                request.Statement,
                request.WarehouseId,
                request.Catalog,
                request.Schema,
                request.Parameters.Count == 0 ? null : request.Parameters,
                WaitTimeoutText(request.WaitTimeout),
                request.OnWaitTimeout,
                request.RowLimit);
        }

        private static string? WaitTimeoutText(TimeSpan? waitTimeout)
        {
            if (waitTimeout is not { } wait)
            {
                return null;
            }

            var seconds = (int)wait.TotalSeconds;
            if (wait != TimeSpan.FromSeconds(seconds) || (seconds != 0 && seconds is < 5 or > 50))
            {
                throw new ArgumentOutOfRangeException(nameof(waitTimeout), wait, "wait_timeout must be 0 s or 5–50 whole seconds.");
            }

            return seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }
    }
}
