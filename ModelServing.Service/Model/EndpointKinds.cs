namespace ModelServing.Service.Model;

/// <summary>The values of <c>state</c> and <c>endpoint_type</c>.</summary>
public static class EndpointKinds
{
    public const string Ready = "READY";
    public const string NotReady = "NOT_READY";
    public const string Updating = "UPDATING";
    public const string Failed = "FAILED";

    public const string FoundationModel = "FOUNDATION_MODEL";
    public const string ExternalModel = "EXTERNAL_MODEL";
    public const string CustomModel = "CUSTOM_MODEL";
}
