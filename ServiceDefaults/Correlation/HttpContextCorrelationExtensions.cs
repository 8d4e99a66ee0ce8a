using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Correlation;

public static class HttpContextCorrelationExtensions
{
    /// <summary>
    /// The request's correlation id: the caller's <c>X-Correlation-ID</c> when it is valid, otherwise a new one.
    /// It is decided once per request, so every caller sees the same value.
    /// </summary>
    public static string GetCorrelationId(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        var feature = context.Features.Get<CorrelationIdFeature>();
        if (feature is null)
        {
            feature = new CorrelationIdFeature(FromRequest(context.Request));
            context.Features.Set(feature);
        }

        return feature.CorrelationId;
    }

    private static string FromRequest(HttpRequest request)
    {
        var values = request.Headers[CorrelationId.HeaderName];
        return values.Count == 1 && CorrelationId.IsValid(values[0]) ? values[0]! : CorrelationId.CreateNew();
    }
}
