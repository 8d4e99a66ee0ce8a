using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AppHost;

#pragma warning disable ASPIRECERTIFICATES001 // Experimental: the developer certificate service is how Aspire picks DCP's certificate.

/// <summary>
/// DCP serves its API to the AppHost over TLS. With no trusted ASP.NET Core development certificate (a fresh machine,
/// CI), Aspire lets DCP generate an RSA certificate on every start: about 1.5 s of one core on this machine, before any
/// resource can start. Instead, DCP gets a certificate made once (ECDSA P-256, a millisecond) and kept in the user's
/// profile. Only DCP uses it: no resource trusts it or serves HTTPS with it. A developer certificate, when there is one,
/// is used exactly as Aspire would use it.
/// </summary>
public static class DcpCertificate
{
    /// <summary>The extension Aspire looks for before it hands a certificate to DCP (that of <c>dotnet dev-certs</c>).</summary>
    private const string DevelopmentCertificateOid = "1.3.6.1.4.1.311.84.1.1";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>
    /// Where the certificate is kept unless <c>Dcp:CertificateCache</c> names a file: in Aspire's own folder, beside the
    /// PEM copies of it that Aspire writes for DCP.
    /// </summary>
    public static string DefaultCacheFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aspire", "dcp", "apiserver.pfx");

    public static IDistributedApplicationBuilder WithDcpCertificate(this IDistributedApplicationBuilder builder)
    {
        var aspire = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IDeveloperCertificateService));
        if (!builder.ExecutionContext.IsRunMode || aspire is null)
        {
            return builder;
        }

        var cacheFile = builder.Configuration["Dcp:CertificateCache"] ?? DefaultCacheFile;
        builder.Services.Remove(aspire);
        builder.Services.AddSingleton<IDeveloperCertificateService>(services => new DcpOnlyCertificateService(
            (IDeveloperCertificateService)(aspire.ImplementationInstance
                ?? aspire.ImplementationFactory?.Invoke(services)
                ?? ActivatorUtilities.CreateInstance(services, aspire.ImplementationType!)),
            cacheFile));
        return builder;
    }

    /// <summary>The cached certificate while it has a month left; otherwise a new one, written for the next start.</summary>
    public static X509Certificate2 LoadOrCreate(string cacheFile)
    {
        if (File.Exists(cacheFile))
        {
            try
            {
                var cached = X509CertificateLoader.LoadPkcs12FromFile(cacheFile, password: null);
                if (cached.HasPrivateKey && cached.NotAfter > DateTime.Now.AddDays(30))
                {
                    return cached;
                }

                cached.Dispose();
            }
            catch (CryptographicException)
            {
                // Unreadable: replaced below.
            }
        }

        var pfx = Create();
        Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
        // Written aside and moved, so that AppHosts (or test apps in one process) starting together never read half a file.
        var written = $"{cacheFile}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(written, pfx);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(written, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(written, cacheFile, overwrite: true);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    private static byte[] Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(new X509Extension(DevelopmentCertificateOid, "ASP.NET Core HTTPS development certificate"u8, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    /// <summary>Aspire's own service, except that with no developer certificate DCP gets the cached one.</summary>
    private sealed class DcpOnlyCertificateService(IDeveloperCertificateService aspire, string cacheFile) : IDeveloperCertificateService
    {
        // A cache that cannot be written (a read-only home) leaves DCP to make its own certificate, as without us.
        private readonly Lazy<ImmutableList<X509Certificate2>> _dcpOnly = new(() =>
        {
            try
            {
                return [LoadOrCreate(cacheFile)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return [];
            }
        });

        private bool HasDevelopmentCertificate => aspire.Certificates.Count > 0;

        public ImmutableList<X509Certificate2> Certificates => HasDevelopmentCertificate ? aspire.Certificates : _dcpOnly.Value;

        // With DCP's certificate alone, nothing is served with it and nothing trusts it.
        public bool SupportsContainerTrust => HasDevelopmentCertificate && aspire.SupportsContainerTrust;

        public bool UseForHttps => HasDevelopmentCertificate && aspire.UseForHttps;

        public bool TrustCertificate => HasDevelopmentCertificate && aspire.TrustCertificate;

        public bool LatestCertificateIsUntrusted => aspire.LatestCertificateIsUntrusted;
    }
}
