using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelServing.Service.Infrastructure;
using ModelServing.Service.Model;

namespace ModelServing.Service.Services;

/// <summary>The caller's inference history: every query is filtered by the user id the identity middleware resolved.</summary>
public sealed class InferenceLogStore(ModelServingDbContext db)
{
    public async Task<(IReadOnlyList<InferenceLog> Items, int Total)> ListAsync(
        string userId, string? endpointName, string? status, int limit, int offset, CancellationToken cancellationToken)
    {
        var rows = db.InferenceLogs.AsNoTracking().Where(r => r.UserId == userId);
        if (endpointName is not null)
        {
            rows = rows.Where(r => r.EndpointName == endpointName);
        }

        if (status is not null)
        {
            rows = rows.Where(r => r.Status == status);
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows
            .OrderByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id)
            .Skip(offset)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return ([.. page.Select(ToModel)], total);
    }

    private static InferenceLog ToModel(InferenceLogRow row) => new(
        row.Id,
        row.RequestId,
        row.EndpointName,
        row.UserId,
        Json(row.Inputs),
        Json(row.Predictions),
        row.Status,
        row.ErrorCode,
        row.ErrorMessage,
        row.ExecutionTimeMs,
        DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc),
        row.CompletedAt is { } completed ? DateTime.SpecifyKind(completed, DateTimeKind.Utc) : null);

    private static JsonElement? Json(string? text) => text is null ? null : InputFormats.Parse(text);
}
