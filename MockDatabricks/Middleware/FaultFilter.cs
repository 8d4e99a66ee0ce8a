using MockDatabricks.Infrastructure;
using MockDatabricks.Services;

namespace MockDatabricks.Middleware;

/// <summary>Answers with an injected fault (after its delay) before the endpoint runs, when one matches.</summary>
public sealed class FaultFilter(string area, Func<HttpContext, IReadOnlyCollection<string>> targets) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var injector = http.RequestServices.GetRequiredService<FaultInjector>();
        var fault = injector.Take(area, targets(http), WorkspaceAuthenticationMiddleware.PrincipalOf(http)?.UserName);
        return await ApplyAsync(fault, http) ?? await next(context);
    }

    /// <summary>Waits out the fault's delay; then the fault's answer, or null when the request should proceed.</summary>
    public static async Task<IResult?> ApplyAsync(Fault? fault, HttpContext http)
    {
        if (fault is null)
        {
            return null;
        }

        if (fault.DelayMs > 0)
        {
            await Task.Delay(fault.DelayMs, http.RequestAborted);
        }

        if (fault.IsDelayOnly)
        {
            return null;
        }

        if (fault.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return FaultBodies.Result(http, fault);
    }
}

public static class FaultFilterExtensions
{
    public static TBuilder WithFaults<TBuilder>(this TBuilder builder, string area, Func<HttpContext, IReadOnlyCollection<string>>? targets = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new FaultFilter(area, targets ?? (_ => [])));

    /// <summary>The route values that name a securable or endpoint, as fault targets.</summary>
    public static IReadOnlyCollection<string> RouteTargets(HttpContext context) =>
        context.Request.RouteValues.Values.OfType<string>().ToList();
}
