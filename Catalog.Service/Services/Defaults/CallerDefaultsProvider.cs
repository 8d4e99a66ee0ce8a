using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Databricks.Client;
using Microsoft.Extensions.Options;
using ServiceDefaults.Json;

namespace Catalog.Service.Services.Defaults;

/// <summary>
/// The caller's defaults (api-contract.md §3): <c>unity_catalog.defaults</c> = {catalog, schema} and
/// <c>unity_catalog.page_size</c>, read from lakebase-api with the caller's own token, over configuration. When
/// lakebase-api is not configured, down or slow, configuration alone answers and a warning is logged.
/// </summary>
public sealed partial class CallerDefaultsProvider(
    IHttpClientFactory httpClients,
    IConfiguration configuration,
    IOptions<CatalogOptions> options,
    ILogger<CallerDefaultsProvider> logger)
{
    public const string HttpClientName = "lakebase-api";
    public const string DefaultsKey = "unity_catalog.defaults";
    public const string PageSizeKey = "unity_catalog.page_size";
    private const string PreferencesPath = "/api/lakebase/preferences/";

    /// <param name="coordinates">Whether the request lacks its catalog or schema.</param>
    /// <param name="pageSize">Whether the request lacks its limit.</param>
    public async Task<CallerDefaults> GetAsync(CurrentUser user, bool coordinates, bool pageSize, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var fallback = new CallerDefaults(settings.DefaultCatalog, settings.DefaultSchema, settings.DefaultPageSize);
        if (!coordinates && !pageSize)
        {
            return fallback;
        }

        if (BaseAddress() is not { } baseAddress)
        {
            LogNotConfigured(logger, settings.LakebaseService);
            return fallback;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PreferencesTimeout);
        try
        {
            using var http = httpClients.CreateClient(HttpClientName);
            http.BaseAddress = baseAddress;
            var defaults = coordinates ? ReadAsync(http, user, DefaultsKey, timeout.Token) : Task.FromResult<JsonElement?>(null);
            var size = pageSize ? ReadAsync(http, user, PageSizeKey, timeout.Token) : Task.FromResult<JsonElement?>(null);
            return Merge(fallback, await defaults, await size);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnavailable(logger, settings.LakebaseService, exception);
            return fallback;
        }
    }

    private Uri? BaseAddress()
    {
        var name = options.Value.LakebaseService;
        var reference = configuration.GetSection($"services:{name}");
        if (!reference.Exists())
        {
            return null;
        }

        // Service discovery's scheme: https when the reference has it, else http.
        return new Uri($"https+http://{name}");
    }

    private async Task<JsonElement?> ReadAsync(HttpClient http, CurrentUser user, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PreferencesPath + Uri.EscapeDataString(key));
        user.Token.ForwardTo(request);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"lakebase-api answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var preference = await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.SerializerOptions, cancellationToken);
        return preference.TryGetProperty("preference_value", out var value) ? value.Clone() : null;
    }

    private CallerDefaults Merge(CallerDefaults fallback, JsonElement? defaults, JsonElement? pageSize)
    {
        // A saved catalog comes with its own schema (or none), never with the schema configured for another catalog.
        var savedCatalog = Text(defaults, "catalog");
        var catalog = savedCatalog ?? fallback.Catalog;
        var schema = Text(defaults, "schema") ?? (savedCatalog is null ? fallback.Schema : null);
        var size = fallback.PageSize;
        if (pageSize is { ValueKind: JsonValueKind.Number } number)
        {
            if (number.TryGetInt32(out var value) && value is >= 1 and <= ServiceDefaults.Paging.PageRequest.MaxLimit)
            {
                size = value;
            }
            else
            {
                LogIgnoredPageSize(logger, PageSizeKey);
            }
        }

        return new CallerDefaults(catalog, schema, size);
    }

    private static string? Text(JsonElement? value, string property) =>
        value is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(property, out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Service} is not configured: the caller's catalog preferences are not read, configuration defaults apply")]
    private static partial void LogNotConfigured(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Service} did not give the caller's catalog preferences: configuration defaults apply")]
    private static partial void LogUnavailable(ILogger logger, string service, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The caller's preference {Key} is not an integer from 1 to 1000 and is ignored")]
    private static partial void LogIgnoredPageSize(ILogger logger, string key);
}
