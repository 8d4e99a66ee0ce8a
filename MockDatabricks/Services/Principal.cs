namespace MockDatabricks.Services;

/// <summary>A workspace user or service principal, with the PostgreSQL role its statements run as.</summary>
public sealed record Principal(
    string Id,
    string UserName,
    string DisplayName,
    string? GivenName,
    string? FamilyName,
    IReadOnlyList<string> Groups,
    bool IsServicePrincipal,
    string? ClientSecret)
{
    public bool IsSeed { get; init; }
}
