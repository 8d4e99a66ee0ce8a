using MockDatabricks.Model;
using MockDatabricks.Services;

namespace MockDatabricks.Middleware;

/// <summary>Writes every workspace API request to the journal once it has been answered.</summary>
public sealed class RequestJournalMiddleware(RequestDelegate next, RequestJournal journal, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var area = Areas.Of(context.Request.Path);
        try
        {
            await next(context);
        }
        finally
        {
            if (area is not null)
            {
                journal.Record(area, new JournalEntry(context.Request.Method, context.Request.Path.Value ?? "",
                    context.Response.StatusCode, WorkspaceAuthenticationMiddleware.PrincipalOf(context)?.UserName, time.GetUtcNow()));
            }
        }
    }
}
