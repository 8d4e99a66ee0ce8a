using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tests.Support;

/// <summary>Keeps every log entry, with the structured properties of the scopes it was written in.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopeProperties = new Dictionary<string, object?>();
            var scopeTexts = new List<string>();
            provider._scopes.ForEachScope((scope, properties) =>
            {
                scopeTexts.Add(scope?.ToString() ?? "");
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        properties[key] = value;
                    }
                }
            }, scopeProperties);

            var properties = state is IEnumerable<KeyValuePair<string, object?>> statePairs
                ? statePairs.ToDictionary(pair => pair.Key, pair => pair.Value)
                : [];

            provider._entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception, properties, scopeProperties, scopeTexts));
        }
    }
}

public sealed record LogEntry(
    string Category,
    LogLevel Level,
    string Message,
    Exception? Exception,
    IReadOnlyDictionary<string, object?> Properties,
    IReadOnlyDictionary<string, object?> ScopeProperties,
    IReadOnlyList<string> ScopeTexts);
