using System.Collections.Concurrent;
using Hosting.Orchestration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hosting.Testing;

/// <summary>
/// Writes every resource console line to logging, under <c>Hosting.Resources.{name}</c>: stdout at Information,
/// stderr at Error. A test logger provider then shows them in the test output.
/// </summary>
internal sealed class ResourceLogForwarder(ResourceLoggerService logs, ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.OrdinalIgnoreCase);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        logs.LineWritten += Forward;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        logs.LineWritten -= Forward;
        return Task.CompletedTask;
    }

    private void Forward(LogLine line)
    {
        var logger = _loggers.GetOrAdd(line.Resource, name => loggerFactory.CreateLogger($"Hosting.Resources.{name}"));
#pragma warning disable CA1848, CA2254 // The line is the message; there is no template to cache.
        logger.Log(line.IsError ? LogLevel.Error : LogLevel.Information, "{Line}", line.Text);
#pragma warning restore CA1848, CA2254
    }
}
