using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ServiceDefaults.Problems;

/// <summary>
/// Writes problems as <c>application/problem+json</c> whatever the <c>Accept</c> header says. ASP.NET Core's own writer
/// declines when <c>Accept</c> lacks JSON, and its fallbacks then skip the customization that adds the correlation id.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<HttpJsonOptions> jsonOptions)
    : IProblemDetailsWriter
{
    private const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var httpContext = context.HttpContext;
        var problem = context.ProblemDetails;

        problem.Status ??= httpContext.Response.StatusCode;
        ProblemStatusDefaults.ApplyTypeAndTitle(problem);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);

        return new ValueTask(httpContext.Response.WriteAsJsonAsync(
            problem, problem.GetType(), jsonOptions.Value.SerializerOptions, ContentType, httpContext.RequestAborted));
    }
}
