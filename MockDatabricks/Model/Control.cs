using System.Text.Json.Serialization;

namespace MockDatabricks.Model;

public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Like);

public sealed record CreatedUser(string UserName, string Token);

public sealed record GrantRequest(string? Principal, string? SecurableType, string? FullName, string? Privilege, string? Action);

/// <summary>
/// A fault to inject; <see cref="Body"/> names the error body's shape (see <c>FaultBodies</c>), standard when absent.
/// With a <see cref="Principal"/> only that caller's requests meet it, so tests running side by side keep their faults
/// to themselves.
/// </summary>
public sealed record FaultRequest(string? Area, string? Target, int Status, int Count, int? DelayMs, int? RetryAfter, string? Body = null,
    string? Principal = null);

public sealed record CreatedFault(string Id);

/// <summary>One journal line; <see cref="UserName"/> is written as null, not left out, when no caller was authenticated.</summary>
public sealed record JournalEntry(
    string Method, string Path, int Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? UserName, DateTimeOffset At);
