using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ServiceDefaults.Lakebase;

/// <summary>
/// Where a service's Lakebase database is: <c>ConnectionStrings:{name}</c> (what an Aspire reference gives), or else the
/// <c>PGHOST</c>, <c>PGPORT</c>, <c>PGDATABASE</c>, <c>PGUSER</c> and <c>PGSSLMODE</c> variables a Databricks App receives
/// for its database resource (no <c>PGPASSWORD</c>: the password is a minted credential, see
/// <see cref="ILakebasePasswordProvider"/>).
/// </summary>
internal static class LakebaseConnectionString
{
    public const string PasswordProviderSetting = "Lakebase:InstanceName";

    public static string? Resolve(IConfiguration configuration, string connectionName)
    {
        if (configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        if (configuration["PGHOST"] is not { Length: > 0 } host)
        {
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = host, Database = configuration["PGDATABASE"], Username = configuration["PGUSER"] };
        if (int.TryParse(configuration["PGPORT"], out var port))
        {
            builder.Port = port;
        }

        if (Enum.TryParse<SslMode>(configuration["PGSSLMODE"], ignoreCase: true, out var sslMode))
        {
            builder.SslMode = sslMode;
        }

        return builder.ConnectionString;
    }

    /// <summary>True when each connection's password comes from <see cref="ILakebasePasswordProvider"/>.</summary>
    public static bool UsesMintedPasswords(IConfiguration configuration) => configuration[PasswordProviderSetting] is { Length: > 0 };
}
