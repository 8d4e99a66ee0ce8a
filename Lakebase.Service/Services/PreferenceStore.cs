using System.Data;
using System.Text.Json;
using Lakebase.Service.Model;
using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Lakebase;

namespace Lakebase.Service.Services;

/// <summary>The caller's preferences: every query is filtered by the user id the identity middleware resolved.</summary>
public sealed class PreferenceStore(LakebaseDataSource database)
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

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await PagedQuery.ReadAsync(
            connection,
            ListSql,
            CountSql,
            parameters =>
            {
                parameters.AddWithValue("user_id", userId);
                parameters.AddWithValue("prefix", keyPrefix ?? "");
            },
            limit,
            offset,
            reader => new Preference(reader.GetInt64(0), userId, reader.GetString(1), ReadValue(reader, 2), ReadUtc(reader, 3), ReadUtc(reader, 4)),
            cancellationToken);
    }

    /// <summary>
    /// One stored key of a user. A key matches as sent or in NFC form, so rows written by other tools remain reachable;
    /// the server decodes every escape of a path segment but %2F, so a key with '/' (only another tool can store one)
    /// arrives with "%2F". Where two stored keys match, the older row answers.
    /// </summary>
    public const string FindSql = """
        SELECT id, preference_key, preference_value, created_at, updated_at
        FROM preferences.user_preferences
        WHERE user_id = @user_id AND preference_key IN (@key, @normalized, @slashes)
        ORDER BY id
        LIMIT 1
        """;

    /// <summary>Every stored form of the key, as <see cref="FindSql"/> matches them.</summary>
    private const string DeleteSql = """
        DELETE FROM preferences.user_preferences
        WHERE user_id = @user_id AND preference_key IN (@key, @normalized, @slashes)
        """;

    public async Task<Preference?> FindAsync(string userId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(FindSql, connection);
        AddStoredKey(command, userId, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Preference(reader.GetInt64(0), userId, reader.GetString(1), ReadValue(reader, 2), ReadUtc(reader, 3), ReadUtc(reader, 4))
            : null;
    }

    public async Task<bool> DeleteAsync(string userId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(DeleteSql, connection);
        AddStoredKey(command, userId, key);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The parameters of <see cref="FindSql"/> and <see cref="DeleteSql"/>; public for the benchmark's floor.</summary>
    public static void AddStoredKey(NpgsqlCommand command, string userId, string key)
    {
        command.Parameters.AddWithValue("user_id", userId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("normalized", PreferenceRules.Normalize(key));
        command.Parameters.AddWithValue("slashes", key.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Inserts or replaces the value; null when the user is at the quota and the key is new.</summary>
    public async Task<(Preference Preference, bool Created)?> UpsertAsync(string userId, string key, JsonElement value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
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

    /// <summary>The stored JSON; a SQL NULL (only another tool can store one) is no value at all.</summary>
    private static JsonElement? ReadValue(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize<JsonElement>(reader.GetString(ordinal));

    private static DateTime ReadUtc(NpgsqlDataReader reader, int ordinal) =>
        DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
