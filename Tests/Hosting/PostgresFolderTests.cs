using Hosting.Postgres;
using Microsoft.Extensions.Configuration;
using System.Diagnostics;

namespace Tests.Hosting;

/// <summary>
/// The folders of the local PostgreSQL integration, without starting a server: the template cluster that makes every
/// start after the first one fast, and the folders a killed AppHost leaves behind.
/// </summary>
public sealed class PostgresFolderTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), $"hosting-test-templates-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_template_cluster_is_built_once_with_initdb_and_then_reused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:TemplateCache"] = _cache }).Build();
        var installation = PostgresInstallation.Find(configuration);
        var user = ServerUser.Resolve();

        var template = await TemplateCluster.EnsureAsync(installation, user, configuration, CancellationToken.None);
        var marker = Path.Combine(template, "reused-marker");
        await File.WriteAllTextAsync(marker, "written after the first build");
        var again = await TemplateCluster.EnsureAsync(installation, user, configuration, CancellationToken.None);

        File.Exists(Path.Combine(template, "PG_VERSION")).Should().BeTrue("initdb made a cluster");
        again.Should().Be(template);
        File.Exists(marker).Should().BeTrue("initdb did not run again");
        Directory.GetDirectories(_cache).Should().Equal([template], "no scratch folder is left");
    }

    [Fact]
    public async Task Folders_left_by_a_killed_host_are_removed_and_live_ones_are_kept()
    {
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        var abandoned = Path.Combine(Path.GetTempPath(), $"hosting-pg-{gone.Id}-deadbeef");
        Directory.CreateDirectory(Path.Combine(abandoned, "data"));
        await File.WriteAllTextAsync(Path.Combine(abandoned, "data", "postmaster.pid"), $"{gone.Id}\n");
        using var alive = Process.Start("sleep", "300")!;
        var live = Path.Combine(Path.GetTempPath(), $"hosting-pg-{alive.Id}-cafebabe");
        Directory.CreateDirectory(Path.Combine(live, "data"));
        try
        {
            RunFolder.DeleteAbandoned();

            Directory.Exists(abandoned).Should().BeFalse("its host is dead");
            Directory.Exists(live).Should().BeTrue("its host still runs");
        }
        finally
        {
            alive.Kill();
            Directory.Delete(live, recursive: true);
            if (Directory.Exists(abandoned))
            {
                Directory.Delete(abandoned, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_server_of_a_killed_host_is_stopped_before_its_folder_is_removed()
    {
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        var abandoned = Path.Combine(Path.GetTempPath(), $"hosting-pg-{gone.Id}-0badf00d");
        var data = Path.Combine(abandoned, "data");
        Directory.CreateDirectory(data);
        // Stands for the server: a process whose command line names the data directory, as postgres -D does.
        using var server = Process.Start("sh", ["-c", "sleep 300; :", "postgres", data])!;
        await File.WriteAllTextAsync(Path.Combine(data, "postmaster.pid"), $"{server.Id}\n{data}\n");
        try
        {
            RunFolder.DeleteAbandoned();

            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await server.WaitForExitAsync(exited.Token);
            Directory.Exists(abandoned).Should().BeFalse();
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
            }

            if (Directory.Exists(abandoned))
            {
                Directory.Delete(abandoned, recursive: true);
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }
}
