namespace Databricks.Client;

/// <summary>The request feature that carries the resolved caller.</summary>
public interface ICurrentUserFeature
{
    CurrentUser User { get; }
}

internal sealed record CurrentUserFeature(CurrentUser User) : ICurrentUserFeature;
