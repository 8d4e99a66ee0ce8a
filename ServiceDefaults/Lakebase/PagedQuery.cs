using Npgsql;

namespace ServiceDefaults.Lakebase;

/// <summary>
/// One page of rows and how many match in all, in one statement where one can do it: the page statement carries the total
/// in its last column (<c>count(*) OVER ()</c>, which is taken before LIMIT and OFFSET). A page past the end has no row to
/// carry it, so then the count statement, with the same filter, gives it.
/// </summary>
public static class PagedQuery
{
    /// <param name="pageSql">The filtered rows, with <c>@limit</c> and <c>@offset</c>, the total in the last column.</param>
    /// <param name="countSql">The total alone, with the same filter.</param>
    /// <param name="addFilter">Adds the filter's parameters to either statement.</param>
    public static async Task<(IReadOnlyList<T> Items, int Total)> ReadAsync<T>(
        NpgsqlConnection connection,
        string pageSql,
        string countSql,
        Action<NpgsqlParameterCollection> addFilter,
        int limit,
        int offset,
        Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addFilter);
        ArgumentNullException.ThrowIfNull(read);

        var items = new List<T>(limit);
        long total = 0;
        await using (var page = new NpgsqlCommand(pageSql, connection))
        {
            addFilter(page.Parameters);
            page.Parameters.AddWithValue("limit", limit);
            page.Parameters.AddWithValue("offset", offset);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(read(reader));
                total = reader.GetInt64(reader.FieldCount - 1);
            }
        }

        if (items.Count == 0 && offset > 0)
        {
            await using var count = new NpgsqlCommand(countSql, connection);
            addFilter(count.Parameters);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return (items, (int)total);
    }
}
