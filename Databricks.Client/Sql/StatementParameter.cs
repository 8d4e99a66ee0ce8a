namespace Databricks.Client;

/// <summary>
/// A named parameter, referenced as <c>:name</c> in the SQL. A null <see cref="Value"/> is SQL NULL; a null
/// <see cref="Type"/> means STRING; otherwise the value must be castable to it (e.g. <c>INT</c>, <c>DATE</c>).
/// </summary>
public sealed record StatementParameter(string Name, string? Value, string? Type = null);
