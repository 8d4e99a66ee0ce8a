using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace UnitTests.Support;

/// <summary>
/// A workspace in memory behind <see cref="IHttpClientFactory"/>: each path answers what it was last given, every
/// request's path is recorded, and nothing leaves the process.
/// </summary>
internal sealed class StubWorkspace : HttpMessageHandler, IHttpClientFactory
{
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task<HttpResponseMessage>>> _answers = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>How long each request takes on a manual clock, when set.</summary>
    public (ManualTime Time, TimeSpan PerRequest)? Latency { get; set; }

    public StubWorkspace On(string path, string body) => On(path, HttpStatusCode.OK, body);

    public StubWorkspace On(string path, HttpStatusCode status, string? body = null)
    {
        _answers[path] = _ => Task.FromResult(new HttpResponseMessage(status)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        });
        return this;
    }

    /// <summary>Never answers; ends only when the request is cancelled.</summary>
    public StubWorkspace Hang(string path)
    {
        _answers[path] = async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };
        return this;
    }

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        Requests.Enqueue(path);
        if (Latency is var (time, perRequest))
        {
            time.Advance(perRequest);
        }

        return _answers.TryGetValue(path, out var answer)
            ? answer(cancellationToken)
            : Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
