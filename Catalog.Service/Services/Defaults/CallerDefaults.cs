namespace Catalog.Service.Services.Defaults;

/// <summary>What a request leaves out is taken from here: the caller's preferences, then configuration, then 100.</summary>
public sealed record CallerDefaults(string? Catalog, string? Schema, int PageSize);
