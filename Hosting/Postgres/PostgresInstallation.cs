using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Hosting.Postgres;

/// <summary>The PostgreSQL server binaries this machine has: the <c>Postgres:BinDirectory</c> setting, PATH, or /usr/lib/postgresql/*/bin.</summary>
internal sealed record PostgresInstallation(string BinDirectory, string Version)
{
    private static readonly string[] RequiredTools = ["initdb", "postgres"];

    public string Tool(string name) => Path.Combine(BinDirectory, name);

    public static PostgresInstallation Find(IConfiguration configuration)
    {
        var binDirectory = Candidates(configuration).FirstOrDefault(HasAllTools)
            ?? throw new PostgresNotFoundException(
                "PostgreSQL server binaries (initdb, postgres) were not found on PATH or under /usr/lib/postgresql/*/bin: " +
                "install PostgreSQL 14 or later (Debian/Ubuntu: apt-get install postgresql), set Postgres:BinDirectory, " +
                "or set ConnectionStrings__postgres to use an existing server.");
        return new PostgresInstallation(binDirectory, ReadVersion(binDirectory));
    }

    private static IEnumerable<string> Candidates(IConfiguration configuration)
    {
        if (configuration["Postgres:BinDirectory"] is { Length: > 0 } configured)
        {
            yield return configured;
            yield break;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return directory;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            foreach (var version in Directory.GetDirectories(debianRoot).OrderByDescending(MajorVersion))
            {
                yield return Path.Combine(version, "bin");
            }
        }
    }

    private static int MajorVersion(string directory) => int.TryParse(Path.GetFileName(directory), out var major) ? major : 0;

    private static bool HasAllTools(string directory) => RequiredTools.All(tool => File.Exists(Path.Combine(directory, tool)));

    private static string ReadVersion(string binDirectory)
    {
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → "15.18"
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(binDirectory, "postgres"), "--version")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var words = output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 3 ? words[2].Trim() : "unknown";
    }
}

/// <summary>No PostgreSQL binaries: the message says what to install or which setting to use.</summary>
public sealed class PostgresNotFoundException(string message) : Exception(message);
