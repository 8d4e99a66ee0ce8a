using System.Text.RegularExpressions;
using Databricks.Client;

namespace Catalog.Service.Services.Query;

/// <summary>A statement that ended FAILED, CANCELED or CLOSED instead of SUCCEEDED.</summary>
public sealed partial class StatementFailedException(string statementId, StatementStatus status)
    : Exception($"Statement {statementId} ended {status.State}.")
{
    public string StatementId { get; } = statementId;

    public StatementStatus Status { get; } = status;

    /// <summary>
    /// The Spark error class, which the statement API gives as the bracketed first word of the message
    /// (<c>[TABLE_OR_VIEW_NOT_FOUND] …</c>), with any sub-class after a dot dropped: <c>UNRESOLVED_COLUMN</c>.
    /// </summary>
    public string? ErrorClass =>
        ErrorClassPattern().Match(Status.Error?.Message ?? "") is { Success: true } match ? match.Groups["class"].Value : null;

    [GeneratedRegex(@"^\[(?<class>[A-Z0-9_]+)[A-Z0-9_.]*\]")]
    private static partial Regex ErrorClassPattern();
}

/// <summary>The warehouse answered 429 or 5xx, or not at all, after the client's retries.</summary>
public sealed class WarehouseUnavailableException(TimeSpan? retryAfter, Exception innerException)
    : Exception("The SQL warehouse is unavailable.", innerException)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>A statement still running when the wait budget ran out; it has been cancelled.</summary>
public sealed class QueryTimeoutException(string statementId, TimeSpan budget)
    : Exception($"Statement {statementId} was still running after {budget}.")
{
    public string StatementId { get; } = statementId;

    public TimeSpan Budget { get; } = budget;
}

/// <summary>No SQL warehouse is configured, or the configured one does not exist.</summary>
public sealed class WarehouseNotConfiguredException(string message) : Exception(message);
