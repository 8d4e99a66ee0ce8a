using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace ModelServing.Service.Model;

/// <summary>The query of <c>GET /logs</c>; limit and offset stay text so that a bad value gets <c>errors.limit</c>.</summary>
public sealed record LogsQuery(
    [property: Description("Page size, 1-1000 (default 50).")][FromQuery(Name = "limit")] string? Limit,
    [property: Description("Rows to skip, 0-10,000,000.")][FromQuery(Name = "offset")] string? Offset,
    [property: Description("Only the rows of this endpoint.")][FromQuery(Name = "endpoint_name")] string? EndpointName,
    [property: Description("Only rows with this status: SUCCESS, ERROR or TIMEOUT.")][FromQuery(Name = "status")] string? Status);
