using Hosting.ApplicationModel;

namespace Hosting.Orchestration;

/// <summary>
/// A resource backed by one child process. It is ready when <see cref="IsReadyAsync"/> says so; if the process exits
/// before that because its port was taken meanwhile, it is started again on a fresh port.
/// </summary>
internal abstract class ProcessRunner(IResource resource, ResourceLoggerService logs) : ResourceRunner(resource)
{
    private const int MaxBindAttempts = 3;
    private const int StderrLinesInError = 20;
    private ChildProcess? _process;

    protected ResourceLoggerService Logs { get; } = logs;

    public override Task<int>? Exited => _process?.Exited;

    public override int? Pid => _process?.Pid;

    /// <summary>Called with the pid as soon as a process is launched, before it is ready.</summary>
    public Action<int>? ProcessStarted { get; set; }

    protected abstract int StopSignal { get; }

    protected virtual TimeSpan StopGracePeriod => TimeSpan.FromSeconds(5);

    protected abstract ProcessCommand CreateCommand();

    protected abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>Moves the resource to a fresh port; false when the port must stay as it is.</summary>
    protected abstract bool TryMoveToNewPort();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var firstLine = Logs.GetLines(Resource.Name).LastOrDefault()?.Number ?? 0;
            var command = CreateCommand();
            _process?.Dispose();
            _process = ChildProcess.Start(
                command.FileName, command.Arguments, command.WorkingDirectory, command.Environment, command.VariablesToDrop,
                (line, isError) => Logs.Write(Resource.Name, line, isError));
            ProcessStarted?.Invoke(_process.Pid);

            while (true)
            {
                if (_process.HasExited)
                {
                    var lines = Logs.GetLines(Resource.Name).Where(l => l.Number > firstLine).ToList();
                    if (attempt < MaxBindAttempts && lines.Any(IsBindFailure) && TryMoveToNewPort())
                    {
                        Logs.Write(Resource.Name, "[hosting] The port was taken before the process could bind it; starting again on a fresh port.");
                        break;
                    }

                    var stderr = lines.Where(l => l.IsError).TakeLast(StderrLinesInError).Select(l => l.Text).ToList();
                    throw new ResourceStartException(
                        $"'{Resource.Name}' exited with code {await _process.Exited} before it was ready." +
                        (stderr.Count > 0 ? $" Last lines of stderr:{Environment.NewLine}{string.Join(Environment.NewLine, stderr)}" : " It wrote nothing to stderr."));
                }

                if (await IsReadyAsync(cancellationToken))
                {
                    return;
                }

                await Task.WhenAny(_process.Exited, Task.Delay(25, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    public override async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(StopSignal, StopGracePeriod);
        }
    }

    private static bool IsBindFailure(LogLine line) =>
        line.Text.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
}

internal sealed record ProcessCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> VariablesToDrop);
