namespace Databricks.Client;

public static class CallerTokenForwarding
{
    /// <summary>
    /// Sends the caller's token on a call to another service of this app, in the header the Databricks Apps proxy uses,
    /// so that service resolves the same caller. The token is written only into the request's headers.
    /// </summary>
    public static void ForwardTo(this DatabricksToken token, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(AccessTokenReader.ForwardedTokenHeader);
        request.Headers.TryAddWithoutValidation(AccessTokenReader.ForwardedTokenHeader, token.Value);
    }
}
