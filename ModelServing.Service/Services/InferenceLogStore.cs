using System.Text.Json;
using ModelServing.Service.Model;
using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Lakebase;

namespace ModelServing.Service.Services;

/// <summary>The caller's inference history: every query is filtered by the user id the identity middleware resolved.</summary>
public sealed class InferenceLogStore(LakebaseDataSource database)
{
    /// <summary>
    /// One page of the user's rows, newest first with the id breaking ties (the order of the index on user_id, created_at
    /// and id), and, in the same statement, how many match in all (the window count is taken before LIMIT and OFFSET).
    /// A null filter matches every row.
    /// </summary>
    private const string ListSql = """
        SELECT id, request_id, endpoint_name, user_id, inputs, predictions, status, error_code, error_message,
               execution_time_ms, created_at, completed_at, count(*) OVER () AS total
        FROM model_serving.inference_logs
        WHERE user_id = @user_id
          AND (@endpoint_name::text IS NULL OR endpoint_name = @endpoint_name)
          AND (@status::text IS NULL OR status = @status)
        ORDER BY created_at DESC, id DESC
        LIMIT @limit OFFSET @offset
        """;

    /// <summary>The total alone, for a page past the end, which has no row to carry it.</summary>
    private const string CountSql = """
        SELECT count(*) FROM model_serving.inference_logs
        WHERE user_id = @user_id
          AND (@endpoint_name::text IS NULL OR endpoint_name = @endpoint_name)
          AND (@status::text IS NULL OR status = @status)
        """;

    public async Task<(IReadOnlyList<InferenceLog> Items, int Total)> ListAsync(
        string userId, string? endpointName, string? status, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await PagedQuery.ReadAsync(
            connection,
            ListSql,
            CountSql,
            parameters =>
            {
                parameters.AddWithValue("user_id", userId);
                parameters.AddWithValue("endpoint_name", NpgsqlDbType.Text, (object?)endpointName ?? DBNull.Value);
                parameters.AddWithValue("status", NpgsqlDbType.Text, (object?)status ?? DBNull.Value);
            },
            limit,
            offset,
            Read,
            cancellationToken);
    }

    private static InferenceLog Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        Json(reader, 4),
        Json(reader, 5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetInt64(9),
        DateTime.SpecifyKind(reader.GetDateTime(10), DateTimeKind.Utc),
        reader.IsDBNull(11) ? null : DateTime.SpecifyKind(reader.GetDateTime(11), DateTimeKind.Utc));

    private static JsonElement? Json(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : InputFormats.Parse(reader.GetString(ordinal));
}
