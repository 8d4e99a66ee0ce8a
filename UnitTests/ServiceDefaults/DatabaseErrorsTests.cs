using System.Net.Sockets;
using Npgsql;
using ServiceDefaults.Lakebase;

namespace UnitTests.ServiceDefaults;

public sealed class DatabaseErrorsTests
{
    [Theory]
    [InlineData("08000")]
    [InlineData("08006")]
    [InlineData("08P01")]
    [InlineData("57P01")]
    [InlineData("57P02")]
    [InlineData("57P03")]
    [InlineData("53300")]
    public void PostgreSQLs_connection_errors_shutdowns_and_a_full_server_mean_the_database_is_unavailable(string sqlState)
    {
        DatabaseErrors.IsUnavailable(Postgres(sqlState)).Should().BeTrue();
        DatabaseErrors.IsUnavailable(new InvalidOperationException("EF Core", Postgres(sqlState))).Should().BeTrue();
    }

    [Theory]
    [InlineData("23505")]
    [InlineData("42P01")]
    [InlineData("53200")]
    [InlineData("57014")]
    [InlineData("80000")]
    public void Other_PostgreSQL_errors_are_the_requests_own(string sqlState) =>
        DatabaseErrors.IsUnavailable(Postgres(sqlState)).Should().BeFalse();

    [Fact]
    public void A_PostgreSQL_error_decides_even_above_a_broken_connection() =>
        DatabaseErrors.IsUnavailable(new InvalidOperationException("x", new PostgresException("m", "ERROR", "ERROR", "23505"))).Should().BeFalse();

    [Theory]
    [InlineData(typeof(SocketException))]
    [InlineData(typeof(TimeoutException))]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(EndOfStreamException))]
    public void A_refused_broken_or_slow_connection_under_Npgsql_means_the_database_is_unavailable(Type failure)
    {
        var cause = (Exception)Activator.CreateInstance(failure)!;

        DatabaseErrors.IsUnavailable(new NpgsqlException("Failed to connect", cause)).Should().BeTrue();
        DatabaseErrors.IsUnavailable(new InvalidOperationException("EF Core", new NpgsqlException("Failed", cause))).Should().BeTrue();
    }

    [Theory]
    [InlineData(typeof(SocketException))]
    [InlineData(typeof(TimeoutException))]
    [InlineData(typeof(IOException))]
    public void The_same_failures_outside_Npgsql_say_nothing_about_the_database(Type failure)
    {
        var cause = (Exception)Activator.CreateInstance(failure)!;

        DatabaseErrors.IsUnavailable(cause).Should().BeFalse();
        DatabaseErrors.IsUnavailable(new HttpRequestException("other service", cause)).Should().BeFalse();
    }

    [Fact]
    public void An_Npgsql_failure_without_a_cause_or_an_unrelated_exception_is_not_unavailability()
    {
        DatabaseErrors.IsUnavailable(new NpgsqlException("bad")).Should().BeFalse();
        DatabaseErrors.IsUnavailable(new NpgsqlException("bad", new FormatException())).Should().BeFalse();
        DatabaseErrors.IsUnavailable(new InvalidOperationException()).Should().BeFalse();
    }

    [Theory]
    [InlineData("57P01")]
    [InlineData("57P02")]
    public void A_session_the_server_ended_for_a_restart_or_a_crash_is_terminated(string sqlState)
    {
        DatabaseErrors.IsTerminatedSession(Postgres(sqlState)).Should().BeTrue();
        DatabaseErrors.IsTerminatedSession(new InvalidOperationException("EF Core", Postgres(sqlState))).Should().BeTrue();
    }

    [Fact]
    public void A_pooled_connection_whose_socket_is_gone_is_a_terminated_session()
    {
        DatabaseErrors.IsTerminatedSession(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())).Should().BeTrue();
        DatabaseErrors.IsTerminatedSession(new InvalidOperationException("x", new NpgsqlException("read", new IOException()))).Should().BeTrue();
    }

    [Fact]
    public void Other_failures_are_no_terminated_sessions()
    {
        DatabaseErrors.IsTerminatedSession(Postgres("57P03")).Should().BeFalse();
        DatabaseErrors.IsTerminatedSession(Postgres("08006")).Should().BeFalse();
        DatabaseErrors.IsTerminatedSession(new NpgsqlException("connect", new SocketException())).Should().BeFalse();
        DatabaseErrors.IsTerminatedSession(new NpgsqlException("connect")).Should().BeFalse();
        DatabaseErrors.IsTerminatedSession(new IOException()).Should().BeFalse();
        DatabaseErrors.IsTerminatedSession(new InvalidOperationException()).Should().BeFalse();
    }

    [Fact]
    public void A_PostgreSQL_error_decides_before_what_it_wraps() =>
        DatabaseErrors.IsTerminatedSession(new PostgresException("m", "FATAL", "FATAL", "23505")).Should().BeFalse();

    [Fact]
    public async Task Null_is_refused()
    {
        ((Action)(() => DatabaseErrors.IsUnavailable(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => DatabaseErrors.IsTerminatedSession(null!))).Should().Throw<ArgumentNullException>();
        await ((Func<Task>)(() => DatabaseErrors.RetryAfterTerminatedSessionsAsync<int>(null!))).Should().ThrowAsync<ArgumentNullException>();
    }

    [Fact]
    public async Task Work_that_met_dead_sessions_runs_again_until_it_gets_a_live_one()
    {
        var attempts = 0;

        var result = await DatabaseErrors.RetryAfterTerminatedSessionsAsync(() =>
            ++attempts <= 3 ? Task.FromException<int>(Postgres("57P01")) : Task.FromResult(42));

        result.Should().Be(42);
        attempts.Should().Be(4);
    }

    [Fact]
    public async Task Work_that_failed_for_another_reason_is_not_run_again()
    {
        var attempts = 0;

        var act = () => DatabaseErrors.RetryAfterTerminatedSessionsAsync(() =>
        {
            attempts++;
            return Task.FromException<int>(Postgres("23505"));
        });

        await act.Should().ThrowAsync<PostgresException>();
        attempts.Should().Be(1);
    }

    [Fact]
    public async Task A_bounded_number_of_dead_sessions_is_met_before_the_failure_is_passed_on()
    {
        var attempts = 0;

        var act = () => DatabaseErrors.RetryAfterTerminatedSessionsAsync(() =>
        {
            attempts++;
            return Task.FromException<int>(Postgres("57P01"));
        });

        await act.Should().ThrowAsync<PostgresException>();
        attempts.Should().Be(DatabaseErrors.MaxDeadSessions + 1);
    }

    [Fact]
    public async Task Work_without_a_result_runs_again_the_same_way()
    {
        var attempts = 0;

        await DatabaseErrors.RetryAfterTerminatedSessionsAsync(() =>
            ++attempts == 1 ? Task.FromException(new NpgsqlException("read", new IOException())) : Task.CompletedTask);

        attempts.Should().Be(2);
        await ((Func<Task>)(() => DatabaseErrors.RetryAfterTerminatedSessionsAsync(null!))).Should().ThrowAsync<ArgumentNullException>();
    }

    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);
}
