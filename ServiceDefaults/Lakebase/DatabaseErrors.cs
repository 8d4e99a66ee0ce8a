using System.Net.Sockets;
using Npgsql;

namespace ServiceDefaults.Lakebase;

/// <summary>Tells a database that cannot be reached from a request that failed for its own reasons.</summary>
public static class DatabaseErrors
{
    /// <summary>The <c>retry_after</c> given with 503 <c>DATABASE_UNAVAILABLE</c>: about as long as a failover takes.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// True when <paramref name="exception"/>, or an exception it wraps (EF Core wraps Npgsql's), says the database is
    /// unreachable: refused or broken connections, timeouts, and PostgreSQL's connection errors (class 08), shutdowns
    /// and failovers (57P01–57P03) and a full server (53300).
    /// Answer those with <see cref="Problems.ApiProblem.DatabaseUnavailable"/>:
    /// <code>catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex)) { return ApiProblem.DatabaseUnavailable(); }</code>
    /// The error handler does the same for exceptions that no route catches.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        var insideNpgsql = false;
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return IsUnavailableSqlState(postgres.SqlState);
                case NpgsqlException:
                    insideNpgsql = true;
                    break;
                // Only below an NpgsqlException: an HttpClient's SocketException says nothing about the database.
                case SocketException or TimeoutException or IOException when insideNpgsql:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a pooled connection's server session was ended by a restart or failover that happened while the
    /// connection sat idle: the server said so (57P01/57P02), or its socket was simply gone (a broken stream under
    /// Npgsql, as when the server process ended before it could say anything). The command then never reached a live
    /// session, so it may be run again on another connection (<see cref="RetryAfterTerminatedSessionsAsync{T}"/>).
    /// </summary>
    public static bool IsTerminatedSession(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown }:
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException { InnerException: IOException }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>How many dead pooled sessions one piece of work may meet before its failure is passed on.</summary>
    public const int MaxDeadSessions = 32;

    /// <summary>
    /// Runs <paramref name="work"/> and, while it fails on a dead pooled session (<see cref="IsTerminatedSession"/>), runs
    /// it again on another connection. A restart leaves every idle connection of the pool dead, and
    /// <see cref="NpgsqlConnection.ClearAllPools"/> does not reach the pool of a data source (a service's
    /// <see cref="LakebaseDataSource"/>), so each attempt discards one dead connection until a fresh one is opened; a
    /// database that is still down fails as unavailable instead. Only for work that is safe to repeat: a read, or one transaction that was rolled back.
    /// </summary>
    public static async Task<T> RetryAfterTerminatedSessionsAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);

        for (var deadSessions = 0; ; deadSessions++)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (IsTerminatedSession(e) && deadSessions < MaxDeadSessions)
            {
                NpgsqlConnection.ClearAllPools();
            }
        }
    }

    /// <inheritdoc cref="RetryAfterTerminatedSessionsAsync{T}(Func{Task{T}})"/>
    public static Task RetryAfterTerminatedSessionsAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RetryAfterTerminatedSessionsAsync(async () =>
        {
            await work();
            return true;
        });
    }

    private static bool IsUnavailableSqlState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
