using System.Collections.Concurrent;
using System.Net;

namespace Tests.ServiceDefaults;

/// <summary>
/// Stands in for a downstream service: records each request as it arrives (handlers further out may change the message
/// afterwards) and answers with the next queued status, or 200 once they run out.
/// </summary>
internal sealed class RecordingHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
{
    private readonly ConcurrentQueue<HttpStatusCode> _statuses = new(statuses);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(new RecordedRequest(
            request.RequestUri,
            request.Headers.ToDictionary(header => header.Key, header => header.Value.ToArray(), StringComparer.OrdinalIgnoreCase)));
        var status = _statuses.TryDequeue(out var next) ? next : HttpStatusCode.OK;
        return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request });
    }
}

internal sealed record RecordedRequest(Uri? RequestUri, IReadOnlyDictionary<string, string[]> Headers);
