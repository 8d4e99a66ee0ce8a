using System.Data.Common;

namespace Hosting.ApplicationModel;

/// <summary>Aspire 13's connection properties of a PostgreSQL connection string.</summary>
internal static class ConnectionProperties
{
    public static IEnumerable<(string Property, string Value)> Of(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Get(string key) => parts.TryGetValue(key, out var value) ? value?.ToString() : null;

        var host = Get("Host");
        var port = Get("Port");
        var user = Get("Username");
        var password = Get("Password");
        var database = Get("Database");

        if (host is not null) yield return ("HOST", host);
        if (port is not null) yield return ("PORT", port);
        if (user is not null) yield return ("USERNAME", user);
        if (password is not null) yield return ("PASSWORD", password);
        if (database is not null) yield return ("DATABASENAME", database);
        if (host is not null)
        {
            var credentials = user is null ? "" : $"{Uri.EscapeDataString(user)}{(password is null ? "" : ":" + Uri.EscapeDataString(password))}@";
            var authority = port is null ? host : $"{host}:{port}";
            yield return ("URI", $"postgresql://{credentials}{authority}{(database is null ? "" : "/" + database)}");
            yield return ("JDBCCONNECTIONSTRING", $"jdbc:postgresql://{authority}{(database is null ? "" : "/" + database)}");
        }
    }
}
