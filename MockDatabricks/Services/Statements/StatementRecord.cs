using MockDatabricks.Infrastructure;
using MockDatabricks.Services.Sql;

namespace MockDatabricks.Services.Statements;

public abstract record StatementOutcome;

public sealed record StatementSucceeded(QueryResult Result) : StatementOutcome;

public sealed record StatementFailed(SqlFailure Failure) : StatementOutcome;

public sealed record StatementCanceled : StatementOutcome;

/// <summary>
/// One submitted statement. <see cref="Stage"/> is what its owner has been shown so far: a statement submitted with
/// <c>wait_timeout=0s</c> is PENDING, then RUNNING on the next poll, and only then terminal, as the real warehouse
/// lets a client see each state.
/// </summary>
public sealed class StatementRecord(string id, string owner, Task<StatementOutcome> execution, CancellationTokenSource cancellation)
{
    private int _stage;
    private volatile bool _canceled;

    public string Id { get; } = id;

    public string Owner { get; } = owner;

    public Task<StatementOutcome> Execution { get; } = execution;

    public CancellationTokenSource Cancellation { get; } = cancellation;

    public int Stage => Volatile.Read(ref _stage);

    public void ShowAtLeast(int stage)
    {
        int current;
        while ((current = Volatile.Read(ref _stage)) < stage && Interlocked.CompareExchange(ref _stage, stage, current) != current)
        {
        }
    }

    public void Advance() => ShowAtLeast(Math.Min(Stage + 1, 2));

    public void MarkCanceled() => _canceled = true;

    /// <summary>The outcome the owner may see now, or null while the statement is still PENDING or RUNNING.</summary>
    public StatementOutcome? VisibleOutcome =>
        _canceled ? new StatementCanceled()
        : Stage >= 2 && Execution.IsCompletedSuccessfully ? Execution.Result
        : null;
}
