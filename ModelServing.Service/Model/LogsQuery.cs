using Microsoft.AspNetCore.Mvc;

namespace ModelServing.Service.Model;

/// <summary>The query of <c>GET /logs</c>; limit and offset stay text so that a bad value gets <c>errors.limit</c>.</summary>
public sealed record LogsQuery(
    [FromQuery] string? Limit,
    [FromQuery] string? Offset,
    [FromQuery(Name = "endpoint_name")] string? EndpointName,
    [FromQuery] string? Status);
