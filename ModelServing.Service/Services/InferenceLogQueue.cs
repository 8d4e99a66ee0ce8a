using System.Threading.Channels;
using ModelServing.Service.Infrastructure;

namespace ModelServing.Service.Services;

/// <summary>
/// The rows that could not be written while the database was down, in arrival order. At most
/// <c>ModelServing:LogQueueCapacity</c> rows (default 10,000) wait, counting those the drain is writing; beyond that
/// the newest row is dropped, counted in a metric and logged.
/// </summary>
public sealed partial class InferenceLogQueue
{
    public const int DefaultCapacity = 10_000;

    private readonly Channel<InferenceLogRow> _channel = Channel.CreateUnbounded<InferenceLogRow>(new UnboundedChannelOptions { SingleReader = true });
    private readonly InferenceLogMetrics _metrics;
    private readonly ILogger<InferenceLogQueue> _logger;
    private readonly int _capacity;
    private int _waiting;

    public InferenceLogQueue(IConfiguration configuration, InferenceLogMetrics metrics, ILogger<InferenceLogQueue> logger)
    {
        _metrics = metrics;
        _logger = logger;
        _capacity = configuration.GetValue("ModelServing:LogQueueCapacity", DefaultCapacity);
    }

    public ChannelReader<InferenceLogRow> Reader => _channel.Reader;

    public void Enqueue(InferenceLogRow row)
    {
        if (Interlocked.Increment(ref _waiting) > _capacity)
        {
            Interlocked.Decrement(ref _waiting);
            _metrics.Lost();
            LogLost(row.RequestId, row.EndpointName);
            return;
        }

        _channel.Writer.TryWrite(row);
        _metrics.Queued();
    }

    /// <summary>The drain is done with <paramref name="count"/> rows: written, or refused by the database.</summary>
    public void Done(int count) => Interlocked.Add(ref _waiting, -count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference log row {InferenceRequestId} of {EndpointName} was lost: the database is down and the queue is full")]
    private partial void LogLost(string inferenceRequestId, string endpointName);
}
