using System.Diagnostics.Metrics;

namespace ModelServing.Service.Services;

/// <summary>The inference log's instruments: rows waiting for the database, and rows lost to a full queue.</summary>
public sealed class InferenceLogMetrics
{
    public const string MeterName = "ModelServing.Service";

    private readonly Counter<long> _lost;
    private readonly Counter<long> _queued;

    public InferenceLogMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _lost = meter.CreateCounter<long>("model_serving.inference_logs.lost", "{row}", "Inference log rows dropped because the queue was full.");
        _queued = meter.CreateCounter<long>("model_serving.inference_logs.queued", "{row}", "Inference log rows queued while the database was down.");
    }

    public void Lost() => _lost.Add(1);

    public void Queued() => _queued.Add(1);
}
