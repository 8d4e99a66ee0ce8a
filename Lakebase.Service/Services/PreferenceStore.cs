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

    /// <summary>
    /// One page of a user's preferences and, in the same statement, how many there are in all (the window count is
    /// taken before LIMIT and OFFSET). Public, like <see cref="UpsertSql"/>, so that the benchmark's floor sends it too.
    /// </summary>
    public const string ListSql = """
        SELECT id, preference_key, preference_value, created_at, updated_at, count(*) OVER () AS total
        FROM preferences.user_preferences
        WHERE user_id = @user_id AND starts_with(preference_key, @prefix)
        ORDER BY preference_key, id
        LIMIT @limit OFFSET @offset
        """;

    /// <summary>The total alone, for a page past the end, which has no row to carry it.</summary>
    private const string CountSql = """
        SELECT count(*) FROM preferences.user_preferences WHERE user_id = @user_id AND starts_with(preference_key, @prefix)
        """;

    public async Task<(IReadOnlyList<Preference> Items, int Total)> ListAsync(
        string userId, string? keyPrefix, int limit, int offset, CancellationToken cancellationToken)
    {
        if (PreferenceRules.CannotBeStored(keyPrefix))
        {
            return ([], 0);
        }

        return await OnConnectionAsync(async connection =>
        {
            var items = new List<Preference>(limit);
            long total = 0;
            await using (var command = new NpgsqlCommand(ListSql, connection))
            {
                AddFilter(command, userId, keyPrefix);
                command.Parameters.AddWithValue("limit", limit);
                command.Parameters.AddWithValue("offset", offset);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(new Preference(
                        reader.GetInt64(0),
                        userId,
                        reader.GetString(1),
                        reader.IsDBNull(2) ? null : JsonSerializer.Deserialize<JsonElement>(reader.GetString(2)),
                        DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc),
                        DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc)));
                    total = reader.GetInt64(5);
                }
            }

            if (items.Count == 0 && offset > 0)
            {
                await using var count = new NpgsqlCommand(CountSql, connection);
                AddFilter(count, userId, keyPrefix);
                total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            }

            return ((IReadOnlyList<Preference>)items, (int)total);
        }, cancellationToken);

        static void AddFilter(NpgsqlCommand command, string userId, string? keyPrefix)
        {
            command.Parameters.AddWithValue("user_id", userId);
            command.Parameters.AddWithValue("prefix", keyPrefix ?? "");
        }
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
        return await OnConnectionAsync<(Preference Preference, bool Created)?>(async connection =>
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
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on the context's own connection, so raw statements share its pool and settings.</summary>
    private async Task<T> OnConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await work((NpgsqlConnection)db.Database.GetDbConnection());
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
