using MockDatabricks.Model;

namespace MockDatabricks.Services;

/// <summary>
/// The grants of every principal. Unity Catalog lists, SQL (through the PostgreSQL roles it is mirrored to) and
/// serving all ask this one model, so a change is seen by all of them on the next request.
/// A privilege granted on a catalog or schema is inherited by its children, as in Unity Catalog.
/// </summary>
public sealed class PrivilegeModel
{
    private readonly Dictionary<string, HashSet<Grant>> _grants = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyDictionary<string, IReadOnlyList<Grant>> _seed;
    private readonly Lock _lock = new();

    public PrivilegeModel(ReferenceData data)
    {
        _seed = data.Users.ToDictionary(
            u => u.UserName,
            u => (IReadOnlyList<Grant>)u.Grants.Select(g => Normalize(g.SecurableType, g.FullName, g.Privilege)).ToList(),
            StringComparer.OrdinalIgnoreCase);
        ResetSeedPrincipals();
    }

    /// <summary>Puts every seed principal's grants back as the reference data has them.</summary>
    public void ResetSeedPrincipals()
    {
        lock (_lock)
        {
            foreach (var (user, grants) in _seed)
            {
                _grants[user] = [.. grants];
            }
        }
    }

    public void CopyGrants(string fromUser, string toUser)
    {
        lock (_lock)
        {
            _grants[toUser] = _grants.TryGetValue(fromUser, out var source) ? [.. source] : [];
        }
    }

    /// <summary>Applies a grant or revoke; true when something changed.</summary>
    public bool Apply(string userName, Grant grant, bool isGrant)
    {
        var normalized = Normalize(grant.SecurableType, grant.FullName, grant.Privilege);
        lock (_lock)
        {
            if (!_grants.TryGetValue(userName, out var set))
            {
                set = _grants[userName] = [];
            }

            return isGrant ? set.Add(normalized) : set.Remove(normalized);
        }
    }

    public bool CanUseCatalog(string userName, string catalog) =>
        Holds(userName, Privileges.UseCatalog, (SecurableTypes.Catalog, catalog));

    public bool CanUseSchema(string userName, string catalog, string schema) =>
        CanUseCatalog(userName, catalog)
        && Holds(userName, Privileges.UseSchema, (SecurableTypes.Catalog, catalog), (SecurableTypes.Schema, $"{catalog}.{schema}"));

    public bool HasSelect(string userName, string catalog, string schema, string table) =>
        Holds(userName, Privileges.Select,
            (SecurableTypes.Catalog, catalog), (SecurableTypes.Schema, $"{catalog}.{schema}"), (SecurableTypes.Table, $"{catalog}.{schema}.{table}"));

    public bool CanSelect(string userName, string catalog, string schema, string table) =>
        CanUseSchema(userName, catalog, schema) && HasSelect(userName, catalog, schema, table);

    public bool CanQuery(string userName, string endpoint) =>
        Holds(userName, Privileges.CanQuery, (SecurableTypes.ServingEndpoint, endpoint));

    private bool Holds(string userName, string privilege, params (string Type, string Name)[] securables)
    {
        lock (_lock)
        {
            return _grants.TryGetValue(userName, out var set)
                && securables.Any(s => set.Contains(Normalize(s.Type, s.Name, privilege)));
        }
    }

    // Unity Catalog names are case-insensitive; grants are kept in lower case so lookups need not care.
    private static Grant Normalize(string type, string name, string privilege) =>
        new(type.ToLowerInvariant(), name.ToLowerInvariant(), privilege.ToUpperInvariant());
}
