using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Databricks.Client;

/// <summary>
/// The app's own workspace token, for the few calls made for the app rather than for a caller (minting Lakebase
/// credentials): <c>DATABRICKS_TOKEN</c> when set, otherwise OAuth machine-to-machine with <c>DATABRICKS_CLIENT_ID</c> and
/// <c>DATABRICKS_CLIENT_SECRET</c> (the service principal a Databricks App runs as). An OAuth token is reused until
/// half its lifetime, at most 20 minutes, is left, as the SDKs do.
/// </summary>
public sealed class AppTokenProvider(IConfiguration configuration, IHttpClientFactory httpClientFactory, IOptions<DatabricksClientOptions> options, TimeProvider time)
{
    public const string TokenVariable = "DATABRICKS_TOKEN";
    public const string ClientIdVariable = "DATABRICKS_CLIENT_ID";
    public const string ClientSecretVariable = "DATABRICKS_CLIENT_SECRET";
    private static readonly TimeSpan MaxEarlyRefresh = TimeSpan.FromMinutes(20);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (DatabricksToken Token, DateTimeOffset RefreshAt)? _current;

    public async ValueTask<DatabricksToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (configuration[TokenVariable] is { Length: > 0 } personalToken)
        {
            return new DatabricksToken(personalToken);
        }

        if (_current is { } current && time.GetUtcNow() < current.RefreshAt)
        {
            return current.Token;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } refreshed && time.GetUtcNow() < refreshed.RefreshAt)
            {
                return refreshed.Token;
            }

            var (token, lifetime) = await RequestTokenAsync(cancellationToken);
            var early = TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 2, MaxEarlyRefresh.Ticks));
            _current = (token, time.GetUtcNow() + lifetime - early);
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<(DatabricksToken Token, TimeSpan Lifetime)> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var clientId = configuration[ClientIdVariable];
        var clientSecret = configuration[ClientSecretVariable];
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret))
        {
            throw new DatabricksApiException(null, DatabricksApiException.NotConfiguredCode,
                $"The app has no workspace credential of its own: set {TokenVariable}, or {ClientIdVariable} and {ClientSecretVariable}.");
        }

        var host = options.Value.Host ?? throw new DatabricksApiException(null, DatabricksApiException.NotConfiguredCode,
            "No Databricks workspace is configured: set DATABRICKS_HOST or a 'databricks' service reference.");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host, "/oidc/v1/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "all-apis")]),
        };
        var basic = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        using var response = await httpClientFactory.CreateClient(DatabricksTransport.HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The body is OAuth's {error, error_description}; it never holds the secret, but it is not passed on either.
            throw new DatabricksApiException((int)response.StatusCode, "OAUTH_TOKEN_REFUSED",
                $"The workspace refused the app's client credentials with {(int)response.StatusCode}.");
        }

        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(DatabricksJson.Options, cancellationToken)
            ?? throw new DatabricksApiException((int)response.StatusCode, "INVALID_RESPONSE", "The token endpoint answered with an empty body.");
        return (new DatabricksToken(body.AccessToken), TimeSpan.FromSeconds(body.ExpiresIn is > 0 ? body.ExpiresIn.Value : 3600));
    }

    private sealed record TokenResponse(string AccessToken, int? ExpiresIn);
}
