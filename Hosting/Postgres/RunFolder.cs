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

    public void Delete()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
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
                var pidFile = System.IO.Path.Combine(folder, "data", "postmaster.pid");
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var serverPid) && IsAlive(serverPid))
                {
                    Process.GetProcessById(serverPid).Kill();
                }

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
