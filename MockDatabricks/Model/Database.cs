namespace MockDatabricks.Model;

public sealed record DatabaseCredentialRequest(IReadOnlyList<string>? InstanceNames, string? RequestId);

public sealed record DatabaseCredential(string Token, string ExpirationTime);

public sealed record DatabaseInstance(
    string Name,
    string Uid,
    string State,
    string ReadWriteDns,
    string PgVersion,
    string Capacity,
    int NodeCount,
    bool Stopped,
    string Creator,
    string CreationTime,
    bool EnablePgNativeLogin,
    bool EnableReadableSecondaries,
    int RetentionWindowInDays,
    string EffectiveCapacity,
    bool EffectiveStopped);
