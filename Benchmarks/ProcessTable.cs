using System.Globalization;

namespace Benchmarks;

/// <summary>One process as /proc shows it; <see cref="StartTicks"/> tells it apart from a later process with the same pid.</summary>
internal sealed record ProcessEntry(int Pid, int ParentPid, long StartTicks, bool IsZombie, IReadOnlyList<string> Arguments)
{
    /// <summary>A short name for a table: <c>Lakebase.Service.dll</c>, <c>dcp run-controllers</c>, <c>postgres</c>.</summary>
    public string ShortName => Arguments switch
    {
        ["/bin/sh", "-c", _, var name, ..] => $"sh wrapper of {name}",
        [var dotnet, "exec", var dll, ..] when Path.GetFileName(dotnet) == "dotnet" => Path.GetFileName(dll),
        [var dotnet, var dll, ..] when Path.GetFileName(dotnet) == "dotnet" => Path.GetFileName(dll),
        [var dcp, var command, ..] when Path.GetFileName(dcp) == "dcp" => $"dcp {command}",
        [var program, var command, ..] when !command.StartsWith('-') => $"{Path.GetFileName(program)} {command}",
        [var program, ..] => Path.GetFileName(program),
        [] => $"pid {Pid}",
    };
}

/// <summary>Reads the machine's processes from /proc.</summary>
internal static class ProcessTable
{
    public static IReadOnlyList<ProcessEntry> Snapshot()
    {
        var entries = new List<ProcessEntry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>
    /// The CPU time the process has used so far, user and system (fields 14 and 15 of /proc/pid/stat, in clock ticks of
    /// 10 ms: the kernel's USER_HZ is 100 on Linux).
    /// </summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>The process, or null once it is gone (a zombie is still returned, flagged).</summary>
    public static ProcessEntry? Read(int pid)
    {
        try
        {
            // "pid (comm) state ppid ... starttime(22nd)": comm may hold spaces and parentheses, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return new ProcessEntry(pid,
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[19], CultureInfo.InvariantCulture),
                fields[0] == "Z",
                arguments);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // Exited between the listing and the read.
        }
    }
}
