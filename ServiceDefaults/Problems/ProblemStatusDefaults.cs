using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ServiceDefaults.Problems;

/// <summary>What a problem says when whoever produced it said nothing more than a status code.</summary>
internal static class ProblemStatusDefaults
{
    /// <summary>Fills in <c>type</c> and <c>title</c> from ASP.NET Core's own table, which creating a problem result applies.</summary>
    public static void ApplyTypeAndTitle(ProblemDetails problem) => _ = TypedResults.Problem(problem);

    public static string Detail(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed.",
        StatusCodes.Status404NotFound => "Nothing exists at this path.",
        StatusCodes.Status405MethodNotAllowed => "This path does not support the request's HTTP method.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
        StatusCodes.Status415UnsupportedMediaType => "This endpoint does not accept the request's content type.",
        StatusCodes.Status500InternalServerError => "An unexpected error occurred.",
        _ => $"The request failed with status {statusCode}.",
    };
}
