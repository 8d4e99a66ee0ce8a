using MockDatabricks.Infrastructure;
using MockDatabricks.Model;

namespace MockDatabricks.Services;

public sealed record Fault(string Id, string Area, string? Target, string? Principal, int Status, int DelayMs, int? RetryAfter, string Body)
{
    public int Remaining { get; set; }

    /// <summary>A status below 400 injects only the delay; the request then proceeds.</summary>
    public bool IsDelayOnly => Status < 400;
}

/// <summary>
/// Faults the tests inject: per area, optional target and optional caller, each good for a number of matching requests.
/// </summary>
public sealed class FaultInjector
{
    private readonly List<Fault> _faults = [];
    private readonly Lock _lock = new();
    private long _nextId;

    public Fault Add(FaultRequest request)
    {
        var fault = new Fault($"fault-{Interlocked.Increment(ref _nextId)}", request.Area!, string.IsNullOrWhiteSpace(request.Target) ? null : request.Target,
            string.IsNullOrWhiteSpace(request.Principal) ? null : request.Principal,
            request.Status, Math.Max(0, request.DelayMs ?? 0), request.RetryAfter, request.Body ?? FaultBodies.Standard)
        {
            // A count of zero or less means "until deleted".
            Remaining = request.Count > 0 ? request.Count : int.MaxValue,
        };
        lock (_lock)
        {
            _faults.Add(fault);
        }

        return fault;
    }

    public bool Remove(string id)
    {
        lock (_lock)
        {
            return _faults.RemoveAll(f => f.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    /// <summary>Takes one use of the first fault that matches the area, any of the targets and the caller.</summary>
    public Fault? Take(string area, IReadOnlyCollection<string> targets, string? caller)
    {
        lock (_lock)
        {
            var fault = _faults.FirstOrDefault(f => f.Area == area
                && (f.Target is null || targets.Any(t => Matches(f.Target, t)))
                && (f.Principal is null || string.Equals(f.Principal, caller, StringComparison.OrdinalIgnoreCase)));
            if (fault is null)
            {
                return null;
            }

            if (--fault.Remaining <= 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    // A target names an endpoint or a securable, in full (main.default.customers) or by its last part (customers).
    private static bool Matches(string target, string candidate) =>
        string.Equals(target, candidate, StringComparison.OrdinalIgnoreCase)
        || candidate.EndsWith("." + target, StringComparison.OrdinalIgnoreCase);
}
