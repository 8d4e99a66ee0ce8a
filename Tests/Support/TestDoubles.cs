using System.Collections.Concurrent;
using Hosting.Orchestration;
using Microsoft.Extensions.Logging;

namespace Tests.Support;

/// <summary>Hands out a port that another process already holds first, as in the check-then-bind race.</summary>
internal sealed class FirstPortTakenAllocator(int takenPort) : PortAllocator
{
    private int _handedOut;

    public override int Next() => Interlocked.Exchange(ref _handedOut, 1) == 0 ? takenPort : base.Next();
}

/// <summary>Keeps every log message, with its category, for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Messages.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
