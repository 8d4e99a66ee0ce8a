using Databricks.Client;

namespace Tests.DatabricksClient;

internal static class Tokens
{
    public const string AliceValue = "dapi-secret-alice-0123456789";
    public static readonly DatabricksToken Alice = new(AliceValue);
}
