using System.Runtime.InteropServices;

namespace Hosting.Postgres;

/// <summary>
/// The account PostgreSQL runs as. PostgreSQL refuses to run as root, so as root we run it (and initdb, and the
/// template copy) as the <c>postgres</c> system user through <c>setpriv</c>, which execs in place: the pid we
/// supervise is the server's own.
/// </summary>
internal sealed partial record ServerUser(string? Name, int Uid, int Gid)
{
    public bool IsOtherUser => Name is not null;

    public static ServerUser Resolve()
    {
        if (GetEffectiveUserId() != 0)
        {
            return new ServerUser(null, -1, -1);
        }

        const string name = "postgres";
        var entry = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 3 && f[0] == name)
            ?? throw new PostgresNotFoundException(
                "PostgreSQL cannot run as root and there is no 'postgres' system user: create one (useradd --system postgres), " +
                "run as another user, or set ConnectionStrings__postgres to use an existing server.");
        return new ServerUser(name, int.Parse(entry[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(entry[3], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The command line that runs <paramref name="program"/> as this user.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Command(string program, IEnumerable<string> arguments) => IsOtherUser
        ? ("setpriv", [$"--reuid={Uid}", $"--regid={Gid}", "--init-groups", "--", program, .. arguments])
        : (program, [.. arguments]);

    /// <summary>Gives a folder the current process created to this user.</summary>
    public void TakeOwnership(string path)
    {
        if (IsOtherUser && Chown(path, Uid, Gid) != 0)
        {
            throw new IOException($"Could not give '{path}' to user {Name} (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, int uid, int gid);
}
