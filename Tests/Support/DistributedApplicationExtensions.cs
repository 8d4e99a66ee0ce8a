using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Tests.Support;

/// <summary>What the tests and the benchmarks need from a running Aspire app, on top of Aspire.Hosting.Testing.</summary>
public static class DistributedApplicationExtensions
{
    /// <summary>The resources the app runs (<see cref="AppHost.AppResources.IsAppResource"/>).</summary>
    public static IReadOnlyList<IResource> RunningResources(this DistributedApplication app) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Where(AppHost.AppResources.IsAppResource).ToList();

    public static async Task WaitForAllHealthyAsync(this DistributedApplication app, CancellationToken cancellationToken)
    {
        await Task.WhenAll(app.RunningResources().Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r.Name, cancellationToken)));
    }

    /// <summary>The resource's latest snapshot.</summary>
    public static async Task<CustomResourceSnapshot> SnapshotAsync(this DistributedApplication app, string resource, CancellationToken cancellationToken = default) =>
        (await app.ResourceNotifications.WaitForResourceAsync(resource, _ => true, cancellationToken)).Snapshot;

    /// <summary>The process id of a running executable or project resource, or null.</summary>
    public static async Task<int?> GetPidAsync(this DistributedApplication app, string resource, CancellationToken cancellationToken = default)
    {
        var snapshot = await app.SnapshotAsync(resource, cancellationToken);
        var pid = snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        return pid is null ? null : Convert.ToInt32(pid, CultureInfo.InvariantCulture);
    }

    /// <summary>The environment the resource's process really received, read from /proc.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> GetProcessEnvironmentAsync(this DistributedApplication app, string resource, CancellationToken cancellationToken = default)
    {
        var pid = await app.GetPidAsync(resource, cancellationToken) ?? throw new InvalidOperationException($"'{resource}' has no process.");
        var environment = await File.ReadAllTextAsync($"/proc/{pid}/environ", cancellationToken);
        return environment.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
    }

    /// <summary>
    /// An open connection to one of the topology's databases, as another tool would make it. Never pooled: PostgreSQL
    /// restarts under the running tests (the outage tests), and a pooled session would then be dead.
    /// </summary>
    public static async Task<Npgsql.NpgsqlConnection> OpenDatabaseAsync(this DistributedApplication app, string database, CancellationToken cancellationToken = default)
    {
        var unpooled = new Npgsql.NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync(database, cancellationToken)) { Pooling = false };
        var connection = new Npgsql.NpgsqlConnection(unpooled.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops a resource with Aspire's stop command and waits until it has stopped.</summary>
    public static async Task StopResourceAsync(this DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var result = await app.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Stopping '{resource}' failed: {result.Message}");
        }

        await app.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, cancellationToken);
    }

    /// <summary>Starts a stopped resource with Aspire's start command and waits until it is healthy again.</summary>
    public static async Task StartResourceAsync(this DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var result = await app.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Starting '{resource}' failed: {result.Message}");
        }

        // The command returns before DCP reports the new run, and the old run's terminal state can still arrive after
        // the new run's first one (seen on a loaded machine): wait through terminal states until the new run is
        // healthy, within the caller's deadline, instead of ending at the first one.
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, cancellationToken);
    }

    /// <summary>Waits for a console line of <paramref name="resource"/> that contains <paramref name="text"/>, already written or still to come.</summary>
    public static async Task<LogLine> WaitForLogAsync(this DistributedApplication app, string resource, string text, CancellationToken cancellationToken)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        // By the resource, not its name: a process's console is kept under its DCP instance name ("api-xkcd1234").
        var target = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        await foreach (var batch in logs.WatchAsync(target).WithCancellation(cancellationToken))
        {
            foreach (var line in batch)
            {
                if (line.Content.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }

        throw new InvalidOperationException($"The console of '{resource}' ended without a line containing '{text}'.");
    }
}
