using System.Threading.Channels;
using ModelServing.Service.Infrastructure;

namespace ModelServing.Service.Services;

/// <summary>
/// The rows that could not be written while the database was down, in arrival order, bounded by
/// <c>ModelServing:LogQueueCapacity</c> (default 10,000). When it is full the newest row is dropped, counted and logged.
/// </summary>
public sealed partial class InferenceLogQueue
{
    public const int DefaultCapacity = 10_000;

    private readonly Channel<InferenceLogRow> _channel;
    private readonly InferenceLogMetrics _metrics;
    private readonly ILogger<InferenceLogQueue> _logger;

    public InferenceLogQueue(IConfiguration configuration, InferenceLogMetrics metrics, ILogger<InferenceLogQueue> logger)
    {
        _metrics = metrics;
        _logger = logger;
        var capacity = configuration.GetValue("ModelServing:LogQueueCapacity", DefaultCapacity);
        _channel = Channel.CreateBounded<InferenceLogRow>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            Dropped);
    }

    public ChannelReader<InferenceLogRow> Reader => _channel.Reader;

    public int Count => _channel.Reader.Count;

    public void Enqueue(InferenceLogRow row)
    {
        if (_channel.Writer.TryWrite(row))
        {
            _metrics.Queued();
        }
    }

    private void Dropped(InferenceLogRow row)
    {
        _metrics.Lost();
        LogLost(row.RequestId, row.EndpointName);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference log row {RequestId} of {EndpointName} was lost: the database is down and the queue is full")]
    private partial void LogLost(string requestId, string endpointName);
}
