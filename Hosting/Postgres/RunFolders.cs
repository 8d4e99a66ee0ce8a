using Microsoft.Extensions.Hosting;

namespace Hosting.Postgres;

/// <summary>
/// The data folders of this app's local servers, deleted once the app has stopped (after DCP has stopped the servers,
/// see <c>DcpPublisher:WaitForResourceCleanup</c>) or is disposed. A host that is killed leaves its folders to
/// <see cref="RunFolder.DeleteAbandoned"/> at the next start.
/// </summary>
internal sealed class RunFolders : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RunFolder> _folders = [];

    public RunFolders(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopped.Register(Dispose);

    public RunFolder Track(RunFolder folder)
    {
        lock (_gate)
        {
            _folders.Add(folder);
        }

        return folder;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var folder in _folders)
            {
                folder.Delete();
            }

            _folders.Clear();
        }
    }
}
