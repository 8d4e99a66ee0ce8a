using ModelServing.Service.Infrastructure;
using ServiceDefaults.Lakebase;

namespace ModelServing.Service.Services;

/// <summary>Writes the queued rows once the database is back, oldest first, retrying every <see cref="RetryDelay"/>.</summary>
internal sealed partial class InferenceLogDrain(
    InferenceLogQueue queue,
    InferenceLogWriter writer,
    InferenceLogMetrics metrics,
    TimeProvider time,
    ILogger<InferenceLogDrain> logger) : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<InferenceLogRow>(BatchSize);
        while (batch.Count > 0 || await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < BatchSize && queue.Reader.TryRead(out var row))
            {
                batch.Add(row);
            }

            try
            {
                await writer.InsertAsync(batch, stoppingToken);
                LogDrained(batch.Count);
                queue.Done(batch.Count);
                batch.Clear();
            }
            catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception))
            {
                // The batch is kept and tried again; the rows behind it wait in the queue.
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A batch the database refuses for its content would block the queue for ever: it is counted lost instead.
                LogBatchRefused(batch.Count, exception);
                batch.ForEach(_ => metrics.Lost());
                queue.Done(batch.Count);
                batch.Clear();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Count} queued inference log rows")]
    private partial void LogDrained(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The database refused {Count} queued inference log rows; they are lost")]
    private partial void LogBatchRefused(int count, Exception exception);
}
