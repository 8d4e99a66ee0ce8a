using Microsoft.Extensions.Logging;

namespace Tests.Support;

/// <summary>
/// Writes the AppHost's logs to the running test's output, with the console lines of every resource, which
/// Aspire.Hosting.Testing forwards to logging (no xunit provider ships with Aspire).
/// </summary>
public sealed class TestOutputLoggerProvider(TestOutputSink sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new SinkLogger(sink, ShortName(categoryName));

    public void Dispose()
    {
    }

    private const string ResourcesInfix = ".Resources.";

    // Aspire forwards a resource's console as "<AppHost assembly>.Resources.<name>"; "lakebase-api" reads better.
    private static string ShortName(string category) =>
        category.IndexOf(ResourcesInfix, StringComparison.Ordinal) is var at and >= 0 ? category[(at + ResourcesInfix.Length)..] : category;

    private sealed class SinkLogger(TestOutputSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var marker = logLevel >= LogLevel.Error ? "!" : " ";
                sink.WriteLine($"{marker}[{category}] {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
        }
    }
}

public static class TestOutputLoggingExtensions
{
    /// <summary>
    /// An app's logs and its resources' console lines in the test output, without what only repeats the test's own
    /// steps: Aspire's and ASP.NET Core's progress, and the four lines IHttpClientFactory writes around every request a
    /// test sends (half of a full run's output lines). Warnings and errors of every category still show.
    /// </summary>
    public static ILoggingBuilder AddTestOutput(this ILoggingBuilder logging, TestOutputSink sink) => logging
        .AddProvider(new TestOutputLoggerProvider(sink))
        .AddFilter("Aspire.Hosting", LogLevel.Warning)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
}
