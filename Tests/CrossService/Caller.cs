using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;

namespace Tests.CrossService;

/// <summary>One fresh mock user with a client on each of the three services, all sending the same token.</summary>
internal sealed class Caller : IDisposable
{
    private Caller(PreferencesClient preferences, CatalogClient catalog, ModelServingClient serving)
    {
        Preferences = preferences;
        Catalog = catalog;
        Serving = serving;
    }

    public PreferencesClient Preferences { get; }

    public CatalogClient Catalog { get; }

    public ModelServingClient Serving { get; }

    public string UserName => Preferences.UserName;

    public static async Task<Caller> NewAsync(TopologyFixture topology, string like = "alice@example.com")
    {
        var (userName, token) = await new MockWorkspace(topology).NewUserAsync(like);
        return new Caller(
            PreferencesClient.For(topology, userName, token),
            CatalogClient.For(topology, userName, token),
            ModelServingClient.For(topology, userName, token));
    }

    /// <summary>Batch scoring: <c>POST /invoke</c> with a <c>table_source</c> instead of inputs; the InferenceResult.</summary>
    public async Task<JsonElement> InvokeTableAsync(string endpoint, object tableSource)
    {
        using var response = await Serving.Http.PostAsJsonAsync(ModelServingClient.Route("/invoke"), new { endpoint_name = endpoint, table_source = tableSource });
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await PreferencesClient.JsonAsync(response);
    }

    public void Dispose()
    {
        Preferences.Dispose();
        Catalog.Dispose();
        Serving.Dispose();
    }
}
