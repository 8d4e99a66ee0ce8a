using Databricks.Client;
using Lakebase.Service.Infrastructure;
using Lakebase.Service.Model;
using Lakebase.Service.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Lakebase;
using ServiceDefaults.Paging;
using ServiceDefaults.Problems;

namespace Lakebase.Service.Apis;

/// <summary><c>/api/lakebase/preferences</c> (api-contract.md §2): the caller's own preferences only.</summary>
public static class PreferencesApi
{
    public const string BasePath = "/api/lakebase/preferences";

    /// <summary>Bodies above 1 MiB are refused with 413 while they are still arriving.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    private const int DefaultLimit = 100;

    public static RouteGroupBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath)
            .WithTags("Preferences")
            .RequireLakebase()
            // A restart that no request saw leaves dead pooled sessions; each handler is one statement or one
            // transaction, so running it again on fresh connections is safe.
            .AddEndpointFilter((context, next) => new ValueTask<object?>(
                DatabaseErrors.RetryAfterTerminatedSessionsAsync(() => next(context).AsTask())))
            .AddEndpointFilter(async (context, next) =>
            {
                await context.HttpContext.RequestServices.GetRequiredService<LakebaseSchema<LakebaseDbContext>>()
                    .EnsureMigratedAsync(context.HttpContext.RequestAborted);
                return await next(context);
            });

        // Every route: the caller's identity, LAKEBASE_NOT_CONFIGURED or DATABASE_UNAVAILABLE (503), a bad limit or key (400).
        group.ProducesProblems(ProblemResponseMetadata.CallerIdentity).ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/", ListAsync);
        group.MapGet("/{key}", GetAsync).ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/", SaveAsync).WithRequestBodyLimit(MaxBodyBytes)
            .ProducesProblems(ProblemResponseMetadata.JsonBody).ProducesProblems(StatusCodes.Status409Conflict);
        group.MapPut("/{key}", UpdateAsync).WithRequestBodyLimit(MaxBodyBytes)
            .ProducesProblems(ProblemResponseMetadata.JsonBody).ProducesProblems(StatusCodes.Status409Conflict);
        group.MapDelete("/{key}", DeleteAsync).ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Ok<PagedResult<Preference>>, ProblemHttpResult>> ListAsync(
        CurrentUser user, PreferenceStore store, string? limit, string? offset, [FromQuery(Name = "key_prefix")] string? keyPrefix, CancellationToken cancellationToken)
    {
        var (page, errors) = PageRequest.Parse(limit, offset, DefaultLimit);
        if (errors is not null)
        {
            return Invalid(errors);
        }

        var (items, total) = await store.ListAsync(user.UserId, keyPrefix is null ? null : PreferenceRules.Normalize(keyPrefix), page.Limit, page.Offset, cancellationToken);
        return TypedResults.Ok(PagedResult<Preference>.Create(items, total, page));
    }

    public static async Task<Results<Ok<Preference>, ProblemHttpResult>> GetAsync(
        CurrentUser user, PreferenceStore store, string key, CancellationToken cancellationToken) =>
        await store.FindAsync(user.UserId, key, cancellationToken) is { } preference
            ? TypedResults.Ok(preference)
            : NotFound(key);

    public static Task<Results<Created<Preference>, Ok<Preference>, ProblemHttpResult>> SaveAsync(
        CurrentUser user, PreferenceStore store, SavePreferenceRequest request, CancellationToken cancellationToken) =>
        UpsertAsync(user, store, request.PreferenceKey, request.PreferenceValue, cancellationToken);

    public static Task<Results<Created<Preference>, Ok<Preference>, ProblemHttpResult>> UpdateAsync(
        CurrentUser user, PreferenceStore store, string key, UpdatePreferenceRequest request, CancellationToken cancellationToken) =>
        UpsertAsync(user, store, key, request.PreferenceValue, cancellationToken);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        CurrentUser user, PreferenceStore store, string key, CancellationToken cancellationToken) =>
        await store.DeleteAsync(user.UserId, key, cancellationToken) ? TypedResults.NoContent() : NotFound(key);

    private static async Task<Results<Created<Preference>, Ok<Preference>, ProblemHttpResult>> UpsertAsync(
        CurrentUser user, PreferenceStore store, string? rawKey, System.Text.Json.JsonElement? value, CancellationToken cancellationToken)
    {
        var key = rawKey is null ? null : PreferenceRules.Normalize(rawKey);
        var errors = new Dictionary<string, string[]>();
        if (key is null || !PreferenceRules.IsValidKey(key))
        {
            errors["preference_key"] = [key is null ? "is required" : PreferenceRules.KeyRule];
        }

        if (PreferenceRules.ValueError(value) is { } valueError)
        {
            errors["preference_value"] = [valueError];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var saved = await store.UpsertAsync(user.UserId, key!, value!.Value, cancellationToken);
        if (saved is not { } result)
        {
            return ApiProblem.Create(StatusCodes.Status409Conflict, "PREFERENCE_QUOTA_EXCEEDED",
                $"A user can keep at most {PreferenceRules.MaxPreferencesPerUser} preferences; delete some before adding new ones.");
        }

        return result.Created
            ? TypedResults.Created($"{BasePath}/{Uri.EscapeDataString(key!)}", result.Preference)
            : TypedResults.Ok(result.Preference);
    }

    private static ProblemHttpResult Invalid(Dictionary<string, string[]> errors) =>
        ApiProblem.Create(StatusCodes.Status400BadRequest, "INVALID_PREFERENCE", "The request is not a valid preference request; see errors.", errors: errors);

    private static ProblemHttpResult NotFound(string key) =>
        ApiProblem.Create(StatusCodes.Status404NotFound, "PREFERENCE_NOT_FOUND", $"You have no preference with the key '{key}'.");
}
