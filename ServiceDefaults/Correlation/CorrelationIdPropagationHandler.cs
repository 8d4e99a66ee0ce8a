using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Correlation;

/// <summary>Passes the current request's correlation id on to outgoing calls, so one user request has one id in every service's logs.</summary>
internal sealed class CorrelationIdPropagationHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (httpContextAccessor.HttpContext is { } context && !request.Headers.Contains(CorrelationId.HeaderName))
        {
            request.Headers.TryAddWithoutValidation(CorrelationId.HeaderName, context.GetCorrelationId());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
