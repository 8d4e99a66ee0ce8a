namespace Databricks.Client;

/// <summary>A Lakebase instance; <see cref="ReadWriteDns"/> is the host to connect to. <see cref="State"/> is e.g. <c>AVAILABLE</c>.</summary>
public sealed record DatabaseInstance(
    string Name,
    string? Uid,
    string? State,
    string? ReadWriteDns,
    string? ReadOnlyDns,
    string? PgVersion,
    string? Capacity,
    bool? Stopped);
