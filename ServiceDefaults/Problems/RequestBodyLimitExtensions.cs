using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace ServiceDefaults.Problems;

public static class RequestBodyLimitExtensions
{
    /// <summary>
    /// Caps the request body of these endpoints at <paramref name="maxBytes"/>. The server stops reading at the cap and
    /// the caller gets 413 <c>PAYLOAD_TOO_LARGE</c>; nothing past the cap is buffered.
    /// </summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);

        return builder.WithMetadata(new RequestBodyLimitMetadata(maxBytes));
    }

    private sealed record RequestBodyLimitMetadata(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
