using Hosting;
using Hosting.Testing;

namespace Benchmarks;

/// <summary>The AppHost's topology started in-process, every resource healthy, for the benchmarks that need it running.</summary>
internal static class BenchmarkTopology
{
    public static async Task<DistributedApplication> StartAsync(CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new Dictionary<string, string?> { ["Hosting:ResourceLogging"] = "false" }, cancellationToken: cancellationToken);
        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        await app.WaitForAllHealthyAsync(cancellationToken);
        return app;
    }
}
