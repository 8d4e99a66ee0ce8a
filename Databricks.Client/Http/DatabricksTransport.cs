using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Databricks.Client;

/// <summary>
/// Sends one logical call: attaches the caller's token, applies the per-attempt timeout and the retry rules, and turns
/// every failure into a <see cref="DatabricksApiException"/>. The caller's cancellation always wins and propagates as is.
/// </summary>
internal sealed class DatabricksTransport
{
    public const string HttpClientName = "Databricks.Client";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly DatabricksClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RetryPolicy _retryPolicy;

    public DatabricksTransport(
        IHttpClientFactory httpClientFactory,
        IOptions<DatabricksClientOptions> options,
        TimeProvider timeProvider,
        ILogger<DatabricksTransport> logger)
    {
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _retryPolicy = new RetryPolicy(_options, Random.Shared.NextDouble);
    }

    public bool IsConfigured => _options.Host is not null;

    public Task<T> SendForJsonAsync<T>(DatabricksRequest request, DatabricksToken token, CancellationToken cancellationToken) =>
        SendAsync(request, token, (response, ct) => ReadJsonAsync<T>(request, response, ct), cancellationToken);

    public Task<string> SendForTextAsync(DatabricksRequest request, DatabricksToken token, CancellationToken cancellationToken) =>
        SendAsync(request, token, (response, ct) => response.Content.ReadAsStringAsync(ct), cancellationToken);

    public Task SendAsync(DatabricksRequest request, DatabricksToken token, CancellationToken cancellationToken) =>
        SendAsync(request, token, (_, _) => Task.FromResult(true), cancellationToken);

    public async Task<T> SendAsync<T>(
        DatabricksRequest request,
        DatabricksToken token,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readSuccess,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var host = _options.Host ?? throw new DatabricksApiException(
            null,
            DatabricksApiException.NotConfiguredCode,
            "No Databricks workspace is configured: set DATABRICKS_HOST or a 'databricks' service reference.");
        var uri = new Uri(host, request.RelativeUri);
        var timeout = request.IsInvocation ? _options.InvocationTimeout : _options.RequestTimeout;
        var client = _httpClientFactory.CreateClient(HttpClientName);

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var attemptTimeout = new CancellationTokenSource(timeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
            TimeSpan? delay;
            try
            {
                using var message = CreateMessage(request, uri, token);
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    return await readSuccess(response, linked.Token);
                }

                var error = await ReadErrorAsync(request, response, token, linked.Token);
                delay = _retryPolicy.AfterResponse(request, attempt, (int)response.StatusCode, error.RetryAfter, error.ErrorCode);
                if (delay is null)
                {
                    TransportLog.CallFailed(_logger, request.Method.Method, request.Path, error.StatusCode, error.ErrorCode, error.RequestId);
                    throw error;
                }

                TransportLog.RetryingAfterResponse(
                    _logger, request.Method.Method, request.Path, (int)response.StatusCode, error.ErrorCode, (long)delay.Value.TotalMilliseconds, attempt);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attemptTimeout.IsCancellationRequested)
            {
                delay = _retryPolicy.AfterTransportFailure(request, attempt, connectionEstablished: true);
                if (delay is null)
                {
                    throw new DatabricksApiException(
                        null,
                        DatabricksApiException.TimeoutCode,
                        $"Databricks {request.Method} {request.Path} timed out after {timeout.TotalSeconds:0.###} s.");
                }

                TransportLog.RetryingAfterTransportFailure(_logger, request.Method.Method, request.Path, "timeout", (long)delay.Value.TotalMilliseconds, attempt);
            }
            catch (HttpRequestException exception)
            {
                var established = exception.HttpRequestError is not (HttpRequestError.ConnectionError
                    or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError);
                delay = _retryPolicy.AfterTransportFailure(request, attempt, established);
                if (delay is null)
                {
                    throw new DatabricksApiException(
                        null,
                        DatabricksApiException.UnreachableCode,
                        $"Databricks {request.Method} {request.Path} got no answer ({exception.HttpRequestError}).",
                        innerException: exception);
                }

                TransportLog.RetryingAfterTransportFailure(
                    _logger, request.Method.Method, request.Path, exception.HttpRequestError.ToString(), (long)delay.Value.TotalMilliseconds, attempt);
            }

            await Task.Delay(delay.Value, _timeProvider, cancellationToken);
        }
    }

    private static HttpRequestMessage CreateMessage(DatabricksRequest request, Uri uri, DatabricksToken token)
    {
        var message = new HttpRequestMessage(request.Method, uri);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(request.Accept));
        if (request.JsonBody is not null)
        {
            message.Content = new ByteArrayContent(request.JsonBody);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return message;
    }

    private static async Task<T> ReadJsonAsync<T>(DatabricksRequest request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(DatabricksJson.Options, cancellationToken);
            return value ?? throw InvalidResponse(request, response, "an empty body");
        }
        catch (JsonException exception)
        {
            throw InvalidResponse(request, response, "a body that is not the expected JSON", exception);
        }
    }

    private static DatabricksApiException InvalidResponse(
        DatabricksRequest request, HttpResponseMessage response, string what, Exception? inner = null) =>
        new((int)response.StatusCode, "INVALID_RESPONSE", $"Databricks {request.Method} {request.Path} answered with {what}.", innerException: inner);

    private async Task<DatabricksApiException> ReadErrorAsync(
        DatabricksRequest request, HttpResponseMessage response, DatabricksToken token, CancellationToken cancellationToken)
    {
        // A server could echo the credential back; it is removed before parsing, so no truncation can keep part of it.
        var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Replace(token.Value, "***", StringComparison.Ordinal);
        var parsed = ErrorBodyParser.Parse(response.StatusCode, response.ReasonPhrase, body);
        var requestId = parsed.RequestId ?? FirstHeader(response, "X-Request-Id") ?? FirstHeader(response, "X-Databricks-Request-Id");
        var serverMessage = parsed.Message;
        var status = (int)response.StatusCode;
        return new DatabricksApiException(
            status,
            parsed.ErrorCode,
            $"Databricks {request.Method} {request.Path} failed with {status} {parsed.ErrorCode}: {serverMessage}",
            requestId,
            RetryAfterOf(response))
        {
            ServerMessage = serverMessage,
        };
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - _timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? FirstHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
