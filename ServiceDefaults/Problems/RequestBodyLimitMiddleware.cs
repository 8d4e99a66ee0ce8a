using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace ServiceDefaults.Problems;

/// <summary>
/// Answers 413 <c>PAYLOAD_TOO_LARGE</c> for a body whose declared length is over the endpoint's cap before anything
/// reads it. The body is read and thrown away first (never buffered), because a client that sends without
/// <c>Expect: 100-continue</c> is still writing and would otherwise see a reset connection instead of the answer.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    // Beyond this, the rest is not worth reading: answer and close the connection.
    private const long MaxBytesToDrain = 128L * 1024 * 1024;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public async Task InvokeAsync(HttpContext context)
    {
        var cap = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (cap is not { } limit || context.Request.ContentLength is not { } length || length <= limit)
        {
            await next(context);
            return;
        }

        if (length <= MaxBytesToDrain && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = length;
            await DrainAsync(context);
        }
        else
        {
            context.Response.Headers.Connection = "close";
        }

        await ApiProblem.Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
            $"The request body is {length} bytes; this endpoint accepts at most {limit}.").ExecuteAsync(context);
    }

    private static async Task DrainAsync(HttpContext context)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(DrainTimeout);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
            context.Response.Headers.Connection = "close";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

public static class RequestBodyLimitApplicationBuilderExtensions
{
    /// <summary>
    /// Answers oversize bodies (caps set with <see cref="RequestBodyLimitExtensions.WithRequestBodyLimit{TBuilder}"/>)
    /// with 413 that every client can read. Call it before middleware that may answer without reading the body.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestBodyLimitMiddleware>();
}
