namespace ServiceDefaults.Paging;

/// <summary>The one list envelope of every service: <c>{items, total_count, limit, offset, next_offset}</c>.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount, int Limit, int Offset, int? NextOffset)
{
    public static PagedResult<T> Create(IReadOnlyList<T> items, int totalCount, PageRequest page)
    {
        var next = page.Offset + items.Count;
        return new PagedResult<T>(items, totalCount, page.Limit, page.Offset, items.Count > 0 && next < totalCount ? next : null);
    }
}
