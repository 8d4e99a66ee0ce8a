using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Problems;

namespace ServiceDefaults.Lakebase;

public static class LakebaseEndpointExtensions
{
    /// <summary>
    /// Answers 503 <c>LAKEBASE_NOT_CONFIGURED</c> before the handler runs when this deployment has no Lakebase database.
    /// Needs <c>AddLakebaseDbContext</c>.
    /// </summary>
    public static TBuilder RequireLakebase<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<LakebaseStatus>().IsConfigured
                ? await next(context)
                : ApiProblem.LakebaseNotConfigured());
    }
}
