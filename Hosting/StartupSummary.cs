using System.Diagnostics;
using Hosting.ApplicationModel;

namespace Hosting;

/// <summary>What <c>dotnet run --project AppHost</c> prints once every resource has settled: one line each, then the time.</summary>
internal sealed class StartupSummary(DistributedApplication app, Stopwatch sinceCreated, TextWriter output)
{
    public async Task PrintWhenSettledAsync(CancellationToken cancellationToken)
    {
        var names = app.Model.Resources.Select(r => r.Name).ToList();
        var settled = await Task.WhenAll(names.Select(name => app.ResourceNotifications.WaitForAsync(
            name, s => s.IsHealthy || KnownResourceStates.IsTerminal(s.State), cancellationToken)));
        var elapsed = sinceCreated.ElapsedMilliseconds;

        var width = names.Max(n => n.Length);
        foreach (var snapshot in settled)
        {
            var state = snapshot.IsHealthy ? "Running (Healthy)" : snapshot.State;
            var url = snapshot.Urls.FirstOrDefault() ?? "";
            await output.WriteLineAsync($"  {snapshot.Name.PadRight(width)}  {state,-17}  {url}".TrimEnd());
            if (snapshot.Error is { } error)
            {
                await output.WriteLineAsync($"  {"".PadRight(width)}  {error.ReplaceLineEndings(Environment.NewLine + "  " + "".PadRight(width) + "  ")}");
            }
        }

        if (app.DashboardUrl is { } dashboard)
        {
            await output.WriteLineAsync($"  dashboard: {dashboard}");
        }

        var failed = settled.Count(s => !s.IsHealthy);
        await output.WriteLineAsync(failed == 0
            ? $"ready in {elapsed} ms"
            : $"not ready: {failed} resource(s) failed after {elapsed} ms; press Ctrl+C to stop");
    }
}
