using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Hosting.Orchestration;

/// <summary>
/// A supervised child process: its stdout and stderr come back line by line, and it is stopped with a signal
/// and a grace period before any kill, so that it runs its shutdown hooks (coverage hits, PostgreSQL checkpoints).
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process _process;

    private ChildProcess(Process process)
    {
        _process = process;
        Exited = WaitForExitCodeAsync();
    }

    public int Pid => _process.Id;

    /// <summary>Completes with the exit code once the process has exited and its output has been read.</summary>
    public Task<int> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        IEnumerable<string> inheritedVariablesToDrop,
        Action<string, bool> onLine)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in inheritedVariablesToDrop)
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) onLine(e.Data, false);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) onLine(e.Data, true);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills what is left.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        if (Kill(Pid, signal) == 0)
        {
            try
            {
                await Exited.WaitAsync(grace);
                return;
            }
            catch (TimeoutException)
            {
                // It ignored the signal for the whole grace period: fall through to the kill.
            }
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }

        await Exited;
    }

    public void Dispose() => _process.Dispose();

    private async Task<int> WaitForExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
