using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceDefaults.Lakebase;

/// <summary>
/// Stops a DbContext that has no connection string before it tries to connect, with an exception the error handler
/// turns into 503 <c>LAKEBASE_NOT_CONFIGURED</c> rather than a 500.
/// </summary>
internal sealed class LakebaseNotConfiguredInterceptor(string connectionName) : DbConnectionInterceptor
{
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        throw NotConfigured();

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        throw NotConfigured();

    private LakebaseNotConfiguredException NotConfigured() =>
        LakebaseDataSource.NotConfigured(connectionName);
}
