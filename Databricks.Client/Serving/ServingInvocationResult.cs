using System.Text.Json;

namespace Databricks.Client;

/// <summary>An invocation's JSON answer, untouched, and the <c>served-model-name</c> header when present.</summary>
public sealed record ServingInvocationResult(JsonElement Body, string? ServedModelName);
