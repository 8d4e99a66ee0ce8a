namespace Hosting.Dashboard;

/// <summary>The resources page: a table that refreshes itself, and the console of the resource you click.</summary>
internal static class Page
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Resources · Hosting dashboard</title>
          <style>
            body { font: 14px system-ui, sans-serif; margin: 2rem; color: #1b1b1f; }
            h1 { font-size: 1.3rem; }
            table { border-collapse: collapse; width: 100%; }
            th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }
            tr.selected { background: #eef3ff; }
            tbody tr { cursor: pointer; }
            .Healthy { color: #137333; } .Unhealthy, .FailedToStart, .Exited { color: #b3261e; }
            pre { background: #111; color: #ddd; padding: 1rem; height: 24rem; overflow: auto; font-size: 12px; }
            pre .err { color: #ff8a80; }
          </style>
        </head>
        <body>
          <h1>Resources</h1>
          <table>
            <thead><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>URLs</th><th>PID</th><th>Exit code</th><th>Restarts</th></tr></thead>
            <tbody id="resources"></tbody>
          </table>
          <h2 id="console-title">Console</h2>
          <pre id="console">Click a resource to see its console.</pre>
          <script>
            let selected = null;
            const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
            async function refresh() {
              const resources = await (await fetch('api/resources')).json();
              document.getElementById('resources').innerHTML = resources.map(r => `
                <tr data-name="${esc(r.name)}" class="${r.name === selected ? 'selected' : ''}">
                  <td>${esc(r.name)}</td><td>${esc(r.type)}</td><td class="${esc(r.state)}">${esc(r.state)}</td>
                  <td class="${esc(r.health)}">${esc(r.health)}</td>
                  <td>${r.urls.map(u => `<a href="${esc(u)}">${esc(u)}</a>`).join(' ')}</td>
                  <td>${esc(r.pid)}</td><td>${esc(r.exit_code)}</td><td>${esc(r.restarts)}</td>
                </tr>`).join('');
              document.querySelectorAll('#resources tr').forEach(tr => tr.onclick = () => { selected = tr.dataset.name; refresh(); });
              if (selected) {
                const lines = await (await fetch(`api/resources/${encodeURIComponent(selected)}/logs`)).json();
                const pre = document.getElementById('console');
                const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
                document.getElementById('console-title').textContent = `Console · ${selected}`;
                pre.innerHTML = lines.map(l => `<span class="${l.is_error ? 'err' : ''}">${esc(l.text)}</span>`).join('\n');
                if (atBottom) pre.scrollTop = pre.scrollHeight;
              }
            }
            refresh(); setInterval(refresh, 1000);
          </script>
        </body>
        </html>
        """;
}
