using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Problems;

/// <summary>Documents a route's problem+json answers in its OpenAPI document, so the contract lists every status it gives.</summary>
public static class ProblemResponseMetadata
{
    /// <summary>The answers of the caller-identity middleware (api-contract.md §1.1): 401, 429 and 503.</summary>
    public static readonly int[] CallerIdentity =
        [StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable];

    /// <summary>The answers to a JSON body that is malformed, too large or of another type (api-contract.md §1.3).</summary>
    public static readonly int[] JsonBody =
        [StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType];

    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var statusCode in statusCodes)
        {
            builder.ProducesProblem(statusCode);
        }

        return builder;
    }
}
