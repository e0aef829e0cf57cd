using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;

namespace BackupCmdlets.Tests.Support;

/// <summary>
/// A self-signed certificate for 127.0.0.1, made per test run: the emulator serves https with it
/// (MSAL signs in only at an https authority), and the client trusts exactly this certificate.
/// </summary>
internal static class TestCertificate
{
    static readonly Lazy<X509Certificate2> Instance = new(Create);

    public static X509Certificate2 Server => Instance.Value;

    static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A transport that trusts the test certificate and nothing else self-signed.</summary>
    public static HttpClientTransport TrustingTransport() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None || certificate?.Thumbprint == Server.Thumbprint,
    });

    /// <summary>A client certificate for a service principal: a PFX file with a password, written to a temp folder.</summary>
    public static (string Path, string Password) ClientPfx()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=backupcmdlets-test-sp", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        var password = "pfx-" + Guid.NewGuid().ToString("N");
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"backupcmdlets-sp-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, made.Export(X509ContentType.Pfx, password));
        return (path, password);
    }
}
