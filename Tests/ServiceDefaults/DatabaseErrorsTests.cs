using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ServiceDefaults.Lakebase;

namespace Tests.ServiceDefaults;

public sealed class DatabaseErrorsTests
{
    public static TheoryData<string, Exception> Unavailable => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "connect timeout", new NpgsqlException("Exception while connecting", new TimeoutException()) },
        { "broken stream", new NpgsqlException("Exception while reading from stream", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))) },
        { "connection failure 08006", Postgres("08006") },
        { "connection does not exist 08003", Postgres("08003") },
        { "admin shutdown 57P01", Postgres(PostgresErrorCodes.AdminShutdown) },
        { "crash shutdown 57P02", Postgres(PostgresErrorCodes.CrashShutdown) },
        { "cannot connect now 57P03", Postgres(PostgresErrorCodes.CannotConnectNow) },
        { "too many connections 53300", Postgres(PostgresErrorCodes.TooManyConnections) },
        { "wrapped by EF Core's execution strategy", new InvalidOperationException("transient", new NpgsqlException("x", new TimeoutException())) },
        { "wrapped by SaveChanges", new DbUpdateException("update failed", Postgres(PostgresErrorCodes.AdminShutdown)) },
    };

    public static TheoryData<string, Exception> NotUnavailable => new()
    {
        { "unique violation", Postgres(PostgresErrorCodes.UniqueViolation) },
        { "serialization failure", Postgres(PostgresErrorCodes.SerializationFailure) },
        { "syntax error", Postgres(PostgresErrorCodes.SyntaxError) },
        { "npgsql error with no network cause", new NpgsqlException("protocol error") },
        { "an HTTP call that was refused", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)) },
        { "a timeout outside the database", new TimeoutException() },
        { "an unrelated error", new InvalidOperationException("bug") },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void These_mean_the_database_is_unavailable(string situation, Exception exception) =>
        DatabaseErrors.IsUnavailable(exception).Should().BeTrue(situation);

    [Theory]
    [MemberData(nameof(NotUnavailable))]
    public void These_do_not(string situation, Exception exception) =>
        DatabaseErrors.IsUnavailable(exception).Should().BeFalse(situation);

    public static TheoryData<string, Exception, bool> Sessions => new()
    {
        { "admin shutdown 57P01", Postgres(PostgresErrorCodes.AdminShutdown), true },
        { "crash shutdown 57P02 under SaveChanges", new DbUpdateException("update failed", Postgres(PostgresErrorCodes.CrashShutdown)), true },
        { "a socket the server closed without a word", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()), true },
        { "a reset stream", new NpgsqlException("Exception while writing to stream", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))), true },
        { "cannot connect now 57P03: the server is there, just not ready", Postgres(PostgresErrorCodes.CannotConnectNow), false },
        { "a refused connection: nothing was pooled", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)), false },
        { "a timeout: the command may be running", new NpgsqlException("Exception while reading from stream", new TimeoutException()), false },
        { "a unique violation", Postgres(PostgresErrorCodes.UniqueViolation), false },
    };

    [Theory]
    [MemberData(nameof(Sessions))]
    public void A_dead_pooled_session_is_told_from_other_failures(string situation, Exception exception, bool terminated) =>
        DatabaseErrors.IsTerminatedSession(exception).Should().Be(terminated, situation);

    [Fact]
    public async Task Work_runs_again_while_it_meets_dead_sessions_and_other_failures_are_not_repeated()
    {
        var runs = 0;
        var result = await DatabaseErrors.RetryAfterTerminatedSessionsAsync(() =>
            ++runs <= 3 ? throw new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) : Task.FromResult(runs));
        var refusedRuns = 0;
        var refused = () => DatabaseErrors.RetryAfterTerminatedSessionsAsync(() =>
        {
            refusedRuns++;
            throw new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        });
        var endlessRuns = 0;
        var endless = () => DatabaseErrors.RetryAfterTerminatedSessionsAsync(() =>
        {
            endlessRuns++;
            throw Postgres(PostgresErrorCodes.AdminShutdown);
        });

        result.Should().Be(4, "three dead pooled sessions were met, then a live one");
        await refused.Should().ThrowAsync<NpgsqlException>();
        refusedRuns.Should().Be(1, "a refused connection is an unavailable database, not a dead session");
        await endless.Should().ThrowAsync<PostgresException>();
        endlessRuns.Should().Be(DatabaseErrors.MaxDeadSessions + 1, "the retries are bounded");
    }

    private static PostgresException Postgres(string sqlState) => new("message from the server", "FATAL", "FATAL", sqlState);
}
