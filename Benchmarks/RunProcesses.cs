using System.Globalization;

namespace Benchmarks;

/// <summary>
/// The processes of one AppHost run: the AppHost, everything under it (DCP, the dashboard, the services, PostgreSQL
/// under its shell wrapper), and anything that names the AppHost's pid (<c>dcp … --monitor &lt;pid&gt;</c>, a
/// <c>/tmp/hosting-pg-&lt;pid&gt;-*</c> data folder) even after its parent has gone. Processes of other runs on the
/// machine (other AppHosts, test hosts) are never counted.
/// </summary>
internal sealed class RunProcesses(int appHostPid)
{
    private readonly Dictionary<int, ProcessEntry> _seen = [];
    private readonly Dictionary<int, TimeSpan> _goneAt = [];

    public string DataFolderPrefix { get; } = $"hosting-pg-{appHostPid.ToString(CultureInfo.InvariantCulture)}-";

    /// <summary>Every process seen in this run, with when it was found gone (null while it runs).</summary>
    public IEnumerable<(ProcessEntry Process, TimeSpan? GoneAt)> All =>
        _seen.Values.Select(p => (p, _goneAt.TryGetValue(p.Pid, out var at) ? at : (TimeSpan?)null));

    public IReadOnlyList<ProcessEntry> Running => [.. _seen.Values.Where(p => !_goneAt.ContainsKey(p.Pid))];

    /// <summary>Adds the run's processes that are new since the last call, and notes, at <paramref name="now"/>, those that have gone.</summary>
    public void Refresh(TimeSpan now)
    {
        var table = ProcessTable.Snapshot().ToDictionary(p => p.Pid);
        foreach (var process in Running)
        {
            if (!table.TryGetValue(process.Pid, out var current) || current.IsZombie || current.StartTicks != process.StartTicks)
            {
                _goneAt[process.Pid] = now;
            }
        }

        // Parents come before their children only by luck, so repeat until nothing new is found.
        bool added;
        do
        {
            added = false;
            foreach (var process in table.Values)
            {
                if (!process.IsZombie && !_seen.ContainsKey(process.Pid) && Belongs(process))
                {
                    _seen[process.Pid] = process;
                    added = true;
                }
            }
        }
        while (added);
    }

    private bool Belongs(ProcessEntry process) =>
        process.Pid == appHostPid
        || (_seen.ContainsKey(process.ParentPid) && !_goneAt.ContainsKey(process.ParentPid))
        || Monitors(process.Arguments)
        || process.Arguments.Any(a => a.Contains(DataFolderPrefix, StringComparison.Ordinal));

    private bool Monitors(IReadOnlyList<string> arguments)
    {
        var pid = appHostPid.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] == "--monitor" && arguments[i + 1] == pid)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The data folders this run's PostgreSQL left in the temp folder.</summary>
    public IReadOnlyList<string> LeftoverFolders() =>
        [.. Directory.EnumerateDirectories(Path.GetTempPath(), DataFolderPrefix + "*")];
}
