using System.Diagnostics;

namespace Hosting.Postgres;

/// <summary>
/// The per-run folder of a local server: the data directory and the Unix socket, under a short /tmp path
/// (socket paths are limited to about 100 characters). Its name carries the host's pid, so a later run can
/// recognise and clean up what a killed host left behind.
/// </summary>
internal sealed class RunFolder
{
    private const string Prefix = "hosting-pg-";

    private RunFolder(string path, PostgresInstallation installation, ServerUser user)
    {
        Path = path;
        Installation = installation;
        User = user;
    }

    public string Path { get; }

    public PostgresInstallation Installation { get; }

    public ServerUser User { get; }

    public string DataDirectory => System.IO.Path.Combine(Path, "data");

    public static async Task<RunFolder> CreateAsync(string template, PostgresInstallation installation, ServerUser user, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        user.TakeOwnership(path);
        var folder = new RunFolder(path, installation, user);
        await TemplateCluster.RunAsync(user, "cp", ["-a", template, folder.DataDirectory], cancellationToken);
        return folder;
    }

    /// <summary>
    /// Deletes the folder once its server is gone. DCP has normally stopped the server by now; when its cleanup gave up
    /// early (a loaded machine), the server is still writing its shutdown checkpoint, and deleting under it fails with
    /// "Directory not empty". The server gets a few seconds to finish, and is killed after that.
    /// </summary>
    public void Delete()
    {
        if (!Directory.Exists(Path))
        {
            return;
        }

        StopServer(DataDirectory, StopGrace);
        Directory.Delete(Path, recursive: true);
    }

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary>Waits up to <paramref name="grace"/> for the data directory's server to exit, then kills it and waits for that.</summary>
    private static void StopServer(string dataDirectory, TimeSpan grace)
    {
        using var server = ServerProcess(dataDirectory);
        if (server is not null && !WaitUntilGone(server, grace))
        {
            server.Kill();
            WaitUntilGone(server, StopGrace);
        }
    }

    /// <summary>The server named by the data directory's <c>postmaster.pid</c>, if it still runs on that directory.</summary>
    private static Process? ServerProcess(string dataDirectory)
    {
        var pidFile = System.IO.Path.Combine(dataDirectory, "postmaster.pid");
        try
        {
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)
                || !File.ReadAllText($"/proc/{pid}/cmdline").Contains(dataDirectory, StringComparison.Ordinal))
            {
                return null;
            }

            return Process.GetProcessById(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Gone in the meantime (or never there).
            return null;
        }
    }

    private static bool WaitUntilGone(Process server, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (IsAlive(server.Id))
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    /// <summary>Removes the folders, and stops the servers, of hosts that died without cleaning up.</summary>
    public static void DeleteAbandoned()
    {
        foreach (var folder in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), Prefix + "*"))
        {
            var owner = System.IO.Path.GetFileName(folder)[Prefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, out var ownerPid) || IsAlive(ownerPid))
            {
                continue;
            }

            try
            {
                StopServer(System.IO.Path.Combine(folder, "data"), grace: TimeSpan.Zero);
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                // Best effort: someone else may be cleaning up the same folder.
            }
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");
}
