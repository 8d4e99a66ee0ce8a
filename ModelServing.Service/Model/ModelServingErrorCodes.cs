namespace ModelServing.Service.Model;

/// <summary>The <c>error_code</c> values of this service (api-contract.md §4); shared ones are in ServiceDefaults.</summary>
public static class ModelServingErrorCodes
{
    public const string InvalidInput = "INVALID_INPUT";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string EndpointPermissionDenied = "ENDPOINT_PERMISSION_DENIED";
    public const string ModelUnavailable = "MODEL_UNAVAILABLE";
    public const string ModelTimeout = "MODEL_TIMEOUT";
    public const string WorkspaceUnavailable = "WORKSPACE_UNAVAILABLE";
    public const string AuthInvalid = "AUTH_INVALID";
    public const string CatalogUnavailable = "CATALOG_UNAVAILABLE";
    public const string ClientClosedRequest = "CLIENT_CLOSED_REQUEST";
}
