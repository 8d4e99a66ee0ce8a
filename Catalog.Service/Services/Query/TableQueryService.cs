using System.Globalization;
using System.Text;
using Catalog.Service.Model;
using Catalog.Service.Services.Browse;
using Databricks.Client;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Catalog.Service.Services.Query;

/// <summary>
/// Runs a checked query as the caller: reads the table's columns from Unity Catalog, refuses columns the table lacks
/// before any SQL is sent, reads the page, and counts the matching rows when the page alone cannot tell.
/// </summary>
public sealed class TableQueryService(CatalogBrowser browser, StatementRunner runner, RowCountCache rowCounts, TimeProvider time)
{
    public async Task<Results<Ok<QueryResult>, ProblemHttpResult>> RunAsync(CurrentUser user, TableQuery query, CancellationToken cancellationToken)
    {
        var executedAt = time.GetUtcNow().UtcDateTime;
        var started = time.GetTimestamp();
        var table = await browser.TableInfoAsync(user.Token, query.Table, cancellationToken);
        var (statements, errors) = SelectStatementBuilder.Build(query, table.Columns ?? []);
        if (errors is not null)
        {
            return CatalogProblems.InvalidQuery(errors);
        }

        var page = await runner.RunAsync(user.Token, statements!.Page, statements.AllPageParameters, cancellationToken);
        var total = await TotalAsync(user, query, statements, page.Rows.Count, cancellationToken);
        var columns = page.Columns.Select(c => new QueryColumn(c.Name, c.TypeName ?? "STRING")).ToList();
        var rowCount = page.Rows.Count;
        var next = query.Page.Offset + rowCount;
        var name = query.Table;
        return TypedResults.Ok(new QueryResult(
            page.StatementId,
            new TableCoordinates(name.Catalog, name.Schema, name.Table, name.FullName),
            columns,
            new QueryRows(columns, page.Rows),
            rowCount,
            total,
            query.Page.Limit,
            query.Page.Offset,
            rowCount > 0 && next < total ? next : null,
            (long)time.GetElapsedTime(started).TotalMilliseconds,
            executedAt,
            user.UserId));
    }

    private Task<long> TotalAsync(CurrentUser user, TableQuery query, SelectStatements statements, int rowCount, CancellationToken cancellationToken)
    {
        // A page that is not full ends the table, so it tells the total, unless it is empty past the end.
        if (rowCount < query.Page.Limit && (rowCount > 0 || query.Page.Offset == 0))
        {
            return Task.FromResult((long)query.Page.Offset + rowCount);
        }

        return rowCounts.GetOrCountAsync(CountKey(user, statements), async () =>
        {
            // A count never depends on the caller's request being still there: others may be waiting for it too.
            var counted = await runner.RunAsync(user.Token, statements.Count, statements.FilterParameters, CancellationToken.None);
            return counted.Rows is [[{ } text, ..], ..] ? long.Parse(text, CultureInfo.InvariantCulture) : 0;
        });
    }

    private static string CountKey(CurrentUser user, SelectStatements statements)
    {
        var key = new StringBuilder(user.UserId).Append('\n').Append(statements.Count);
        foreach (var parameter in statements.FilterParameters)
        {
            key.Append('\n').Append(parameter.Name).Append('=').Append(parameter.Type).Append(':').Append(parameter.Value);
        }

        return key.ToString();
    }
}
