using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ServiceDefaults.Correlation;

public static class CorrelationServiceCollectionExtensions
{
    public static IServiceCollection AddCorrelationIds(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddTransient<CorrelationIdPropagationHandler>();
        return services;
    }

    public static IHttpClientBuilder AddCorrelationIdPropagation(this IHttpClientBuilder http) =>
        http.AddHttpMessageHandler<CorrelationIdPropagationHandler>();
}
