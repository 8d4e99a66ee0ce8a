using System.Text.Json;

namespace MockDatabricks.Model;

/// <summary>The seed of the workspace, as read from <c>reference-data.json</c>.</summary>
public sealed record ReferenceData(
    WorkspaceSeed Workspace,
    IReadOnlyList<UserSeed> Users,
    IReadOnlyList<CatalogSeed> Catalogs,
    IReadOnlyList<WarehouseSeed> Warehouses,
    IReadOnlyList<ServingEndpointSeed> ServingEndpoints,
    IReadOnlyList<DatabaseInstanceSeed> DatabaseInstances);

public sealed record WorkspaceSeed(string MetastoreId, long CreatedAt);

public sealed record UserSeed(
    string Id,
    string UserName,
    string DisplayName,
    string Token,
    IReadOnlyList<GrantSeed> Grants,
    string? GivenName = null,
    string? FamilyName = null,
    IReadOnlyList<string>? Groups = null,
    bool ServicePrincipal = false,
    string? ClientSecret = null);

public sealed record GrantSeed(string SecurableType, string FullName, string Privilege);

public sealed record CatalogSeed(string Name, string Owner, string? Comment, IReadOnlyList<SchemaSeed> Schemas);

public sealed record SchemaSeed(string Name, string? Comment, IReadOnlyList<TableSeed> Tables);

public sealed record TableSeed(
    string Name,
    string? Comment,
    IReadOnlyList<ColumnSeed> Columns,
    string? PrimaryKey = null,
    GeneratedRows? Generate = null,
    IReadOnlyList<IReadOnlyList<JsonElement>>? Rows = null);

public sealed record ColumnSeed(string Name, string Type);

/// <summary>Rows made in the database with <c>generate_series</c>: one SQL expression of <c>g</c> per column.</summary>
public sealed record GeneratedRows(long Rows, IReadOnlyDictionary<string, string> Expressions);

public sealed record WarehouseSeed(string Id, string Name, string ClusterSize);

public sealed record ServingEndpointSeed(
    string Name,
    string Kind,
    string Behaviour,
    bool Ready,
    string? Task = null,
    string? FoundationModel = null,
    string? Model = null,
    string? ModelVersion = null,
    IReadOnlyList<SignatureColumn>? Signature = null,
    int DelayMs = 0,
    int FailuresAfterReset = 0,
    string? ConfigUpdate = null,
    string? ExternalProvider = null,
    string? ExternalModel = null,
    bool Creating = false,
    bool PublishesDocumentWithoutSchema = false);

public sealed record SignatureColumn(string Name, string Type);

public sealed record DatabaseInstanceSeed(string Name, string Uid, string Capacity);
