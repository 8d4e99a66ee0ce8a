using Microsoft.Extensions.Logging;

namespace Tests.Support;

/// <summary>Writes the AppHost's logs, resource console lines included, to the running test's output.</summary>
public sealed class TestOutputLoggerProvider(TestOutputSink sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new SinkLogger(sink, ShortName(categoryName));

    public void Dispose()
    {
    }

    // "Hosting.Resources.lakebase-api" reads better as "lakebase-api".
    private static string ShortName(string category) =>
        category.StartsWith("Hosting.Resources.", StringComparison.Ordinal) ? category["Hosting.Resources.".Length..] : category;

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
