using System.Data;
using System.Text.Json;
using Lakebase.Service.Infrastructure;
using Lakebase.Service.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Lakebase.Service.Services;

/// <summary>The caller's preferences: every query is filtered by the user id the identity middleware resolved.</summary>
public sealed class PreferenceStore(LakebaseDbContext db)
{
    /// <summary>
    /// The upsert, public so that the preferences benchmark measures its floor with the very same statement. One user's
    /// writes take a transaction-scoped advisory lock, so that the quota check and the insert see the same rows even
    /// when that user's clients write concurrently.
    /// </summary>
    public const string UpsertSql = """
        SELECT pg_advisory_xact_lock(hashtextextended(@user_id, 0));
        INSERT INTO preferences.user_preferences AS p (user_id, preference_key, preference_value)
        SELECT @user_id, @key, @value
        WHERE EXISTS (SELECT 1 FROM preferences.user_preferences WHERE user_id = @user_id AND preference_key = @key)
           OR (SELECT count(*) FROM preferences.user_preferences WHERE user_id = @user_id) < @quota
        ON CONFLICT (user_id, preference_key) DO UPDATE SET preference_value = EXCLUDED.preference_value, updated_at = now()
        RETURNING p.id, p.created_at, p.updated_at, (p.xmax = 0) AS inserted;
        """;

    public async Task<(IReadOnlyList<Preference> Items, int Total)> ListAsync(
        string userId, string? keyPrefix, int limit, int offset, CancellationToken cancellationToken)
    {
        if (PreferenceRules.CannotBeStored(keyPrefix))
        {
            return ([], 0);
        }

        var query = db.UserPreferences.AsNoTracking().Where(p => p.UserId == userId);
        if (!string.IsNullOrEmpty(keyPrefix))
        {
            query = query.Where(p => p.PreferenceKey.StartsWith(keyPrefix));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(p => p.PreferenceKey).ThenBy(p => p.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return ([.. rows.Select(ToModel)], total);
    }

    public async Task<Preference?> FindAsync(string userId, string key, CancellationToken cancellationToken)
    {
        var row = await StoredKey(userId, key).AsNoTracking().OrderBy(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToModel(row);
    }

    public async Task<bool> DeleteAsync(string userId, string key, CancellationToken cancellationToken) =>
        await StoredKey(userId, key).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>Inserts or replaces the value; null when the user is at the quota and the key is new.</summary>
    public async Task<(Preference Preference, bool Created)?> UpsertAsync(string userId, string key, JsonElement value, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            await using var command = new NpgsqlCommand(UpsertSql, connection, transaction);
            command.Parameters.AddWithValue("user_id", userId);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Jsonb) { Value = value.GetRawText() });
            command.Parameters.AddWithValue("quota", (long)PreferenceRules.MaxPreferencesPerUser);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var preference = new Preference(reader.GetInt64(0), userId, key, value.Clone(), reader.GetDateTime(1), reader.GetDateTime(2));
            var created = reader.GetBoolean(3);
            await reader.DisposeAsync();
            await transaction.CommitAsync(cancellationToken);
            return (preference, created);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // A stored key matches as sent or in NFC form, so rows written by other tools remain reachable. The server decodes
    // every escape of a path segment but %2F, so a key with '/' (only another tool can store one) arrives with "%2F".
    private IQueryable<UserPreference> StoredKey(string userId, string key)
    {
        var normalized = PreferenceRules.Normalize(key);
        var slashes = key.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        return db.UserPreferences.Where(p => p.UserId == userId
            && (p.PreferenceKey == key || p.PreferenceKey == normalized || p.PreferenceKey == slashes));
    }

    private static Preference ToModel(UserPreference row) => new(
        row.Id,
        row.UserId,
        row.PreferenceKey,
        row.PreferenceValue?.RootElement.Clone(),
        DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc),
        DateTime.SpecifyKind(row.UpdatedAt, DateTimeKind.Utc));
}
