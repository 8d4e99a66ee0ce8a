namespace MockDatabricks.Model;

public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Like);

public sealed record CreatedUser(string UserName, string Token);

public sealed record GrantRequest(string? Principal, string? SecurableType, string? FullName, string? Privilege, string? Action);

public sealed record FaultRequest(string? Area, string? Target, int Status, int Count, int? DelayMs, int? RetryAfter);

public sealed record CreatedFault(string Id);

public sealed record JournalEntry(string Method, string Path, int Status, string? UserName, DateTimeOffset At);
