using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using AppHost;
using Microsoft.Extensions.DependencyInjection;

namespace Tests.Hosting;

#pragma warning disable ASPIRECERTIFICATES001 // Experimental: the developer certificate service.

/// <summary>
/// DCP's API server certificate: with no developer certificate, the AppHost hands DCP one it made once and cached,
/// instead of letting DCP generate an RSA key on every start; a developer certificate, when present, is left to Aspire.
/// (That the topology's DCP runs with a certificate it was given: <see cref="TopologyTests"/>.)
/// </summary>
public sealed class DcpCertificateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dcp-certificate-").FullName;

    private string CacheFile => Path.Combine(_folder, "cache", "dcp-apiserver.pfx");

    [Fact]
    public void Without_a_development_certificate_DCP_alone_gets_the_cached_one()
    {
        var service = Decorated(new AspireCertificates([]));

        var certificate = service.Certificates.Should().ContainSingle().Subject;
        certificate.HasPrivateKey.Should().BeTrue();
        certificate.GetECDsaPublicKey().Should().NotBeNull("an ECDSA key takes a millisecond to make, an RSA key about a second");
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        names.EnumerateDnsNames().Should().Equal("localhost");
        names.EnumerateIPAddresses().Should().Equal(IPAddress.Loopback, IPAddress.IPv6Loopback);
        (service.UseForHttps, service.TrustCertificate, service.SupportsContainerTrust).Should().Be((false, false, false),
            "no resource serves HTTPS with DCP's certificate or trusts it");
        File.Exists(CacheFile).Should().BeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(CacheFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "the file holds a private key");
        }
    }

    [Fact]
    public void The_next_start_reuses_the_cached_certificate()
    {
        using var first = DcpCertificate.LoadOrCreate(CacheFile);
        using var second = DcpCertificate.LoadOrCreate(CacheFile);

        second.Thumbprint.Should().Be(first.Thumbprint);
        second.HasPrivateKey.Should().BeTrue();
        Directory.GetFiles(Path.GetDirectoryName(CacheFile)!).Should().Equal(CacheFile);
    }

    [Fact]
    public async Task Apps_starting_together_on_an_empty_cache_each_get_a_certificate_and_leave_one_file()
    {
        var certificates = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => DcpCertificate.LoadOrCreate(CacheFile))));

        certificates.Should().AllSatisfy(c => c.HasPrivateKey.Should().BeTrue());
        Directory.GetFiles(Path.GetDirectoryName(CacheFile)!).Should().Equal(CacheFile);
        X509CertificateLoader.LoadPkcs12FromFile(CacheFile, password: null).HasPrivateKey.Should().BeTrue();
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }

    [Fact]
    public void An_unreadable_cache_file_is_replaced()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, "not a certificate");

        using var certificate = DcpCertificate.LoadOrCreate(CacheFile);

        certificate.HasPrivateKey.Should().BeTrue();
        X509CertificateLoader.LoadPkcs12FromFile(CacheFile, password: null).Thumbprint.Should().Be(certificate.Thumbprint);
    }

    [Fact]
    public void A_cache_that_cannot_be_written_leaves_DCP_to_make_its_own()
    {
        // A file where the cache folder should be: the cache cannot be created.
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "cache"), "");

        var service = Decorated(new AspireCertificates([]));

        service.Certificates.Should().BeEmpty("Aspire then starts DCP without a certificate, and DCP makes one");
    }

    [Fact]
    public void A_development_certificate_is_used_as_Aspire_uses_it()
    {
        using var developerCertificate = DcpCertificate.LoadOrCreate(Path.Combine(_folder, "developer.pfx"));
        var aspire = new AspireCertificates([developerCertificate]);

        var service = Decorated(aspire);

        service.Certificates.Should().Equal(developerCertificate);
        (service.UseForHttps, service.TrustCertificate, service.SupportsContainerTrust).Should().Be((true, true, true));
        File.Exists(CacheFile).Should().BeFalse("nothing is made when Aspire has a certificate");
    }

    /// <summary>The AppHost's decoration, applied to <paramref name="aspire"/> as it is to Aspire's own service.</summary>
    private IDeveloperCertificateService Decorated(IDeveloperCertificateService aspire)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [$"--Dcp:CertificateCache={CacheFile}"],
            DisableDashboard = true,
        });
        builder.Services.AddSingleton(aspire);
        builder.WithDcpCertificate();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IDeveloperCertificateService>();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Stands for Aspire's own service: with a trusted development certificate, or with none.</summary>
    private sealed class AspireCertificates(ImmutableList<X509Certificate2> certificates) : IDeveloperCertificateService
    {
        public ImmutableList<X509Certificate2> Certificates => certificates;

        public bool SupportsContainerTrust => certificates.Count > 0;

        public bool UseForHttps => certificates.Count > 0;

        public bool TrustCertificate => certificates.Count > 0;
    }
}
