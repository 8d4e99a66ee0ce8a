using Hosting;
using Hosting.ApplicationModel;
using Hosting.Testing;

namespace Tests.Hosting;

public sealed class AppModelTests
{
    [Theory]
    [InlineData("")]
    [InlineData("1api")]
    [InlineData("api-")]
    [InlineData("my--api")]
    [InlineData("my_api")]
    [InlineData("café")]
    public void Resource_names_follow_Aspire_rules(string name)
    {
        var builder = DistributedApplicationTestingBuilder.Create().Builder;

        var adding = () => builder.AddPostgres(name);

        adding.Should().Throw<ArgumentException>().WithMessage($"*'{name}'*");
    }

    [Fact]
    public void Resource_names_are_unique_ignoring_case()
    {
        var builder = DistributedApplicationTestingBuilder.Create().Builder;
        builder.AddPostgres("db");

        var adding = () => builder.AddProject<Projects.Lakebase_Service>("DB");

        adding.Should().Throw<InvalidOperationException>().WithMessage("*'DB' already exists*");
    }

    [Fact]
    public void A_resource_cannot_wait_for_itself_and_health_paths_are_absolute()
    {
        var api = DistributedApplicationTestingBuilder.Create().Builder.AddProject<Projects.Lakebase_Service>("api");

        var waitingForItself = () => api.WaitFor(api);
        var relativePath = () => api.WithHttpHealthCheck("health");

        waitingForItself.Should().Throw<ArgumentException>();
        relativePath.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task The_testing_builder_takes_the_AppHost_topology_without_copying_it()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        builder.Builder.Resources.Select(r => (r.Name, r.GetType().Name)).Should().Equal(
            ("postgres", nameof(PostgresServerResource)),
            ("lakebase", nameof(PostgresDatabaseResource)),
            ("warehouse", nameof(PostgresDatabaseResource)),
            ("databricks", nameof(ProjectResource)),
            ("lakebase-api", nameof(ProjectResource)),
            ("catalog-api", nameof(ProjectResource)),
            ("model-serving-api", nameof(ProjectResource)));
        builder.Builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "lakebase-api")
            .Annotations.OfType<WaitAnnotation>().Select(w => w.Dependency.Name).Should().Equal("lakebase");
    }

    [Fact]
    public void Endpoints_have_no_URL_before_the_app_starts()
    {
        var api = DistributedApplicationTestingBuilder.Create().Builder.AddProject<Projects.Lakebase_Service>("api");

        var reading = () => api.Resource.HttpEndpoint.Url;

        reading.Should().Throw<InvalidOperationException>();
    }
}
