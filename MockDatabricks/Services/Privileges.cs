namespace MockDatabricks.Services;

public static class SecurableTypes
{
    public const string Catalog = "catalog";
    public const string Schema = "schema";
    public const string Table = "table";
    public const string ServingEndpoint = "serving-endpoint";
}

public static class Privileges
{
    public const string UseCatalog = "USE_CATALOG";
    public const string UseSchema = "USE_SCHEMA";
    public const string Select = "SELECT";
    public const string CanQuery = "CAN_QUERY";

    /// <summary>Which privilege may be granted on which securable (Unity Catalog lets parents carry child privileges).</summary>
    public static bool Applies(string securableType, string privilege) => (securableType, privilege) switch
    {
        (SecurableTypes.Catalog, UseCatalog or UseSchema or Select) => true,
        (SecurableTypes.Schema, UseSchema or Select) => true,
        (SecurableTypes.Table, Select) => true,
        (SecurableTypes.ServingEndpoint, CanQuery) => true,
        _ => false,
    };
}

public sealed record Grant(string SecurableType, string FullName, string Privilege);
