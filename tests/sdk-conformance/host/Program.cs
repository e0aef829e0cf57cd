using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using BackupCmdlets.Emulator;

// dotnet SdkConformanceHost.dll --cert CERT.pem --key KEY.pem [--operation-seconds S] [--job-seconds S]
//   [--retry-after S] [--page-size N]
// Serves the emulator on https://127.0.0.1:{free port} with the given certificate, prints the address
// on its first line, and stops when its standard input closes, so it never outlives the test process.
var settings = new EmulatorSettings();
string? cert = null, key = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    double Seconds() => double.Parse(Next(), CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--cert": cert = Next(); break;
        case "--key": key = Next(); break;
        case "--operation-seconds": settings.OperationDuration = TimeSpan.FromSeconds(Seconds()); break;
        case "--job-seconds": settings.JobDuration = TimeSpan.FromSeconds(Seconds()); break;
        case "--retry-after": settings.RetryAfterSeconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--page-size": settings.PageSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'.");
            return 2;
    }
}
if (cert == null || key == null)
{
    Console.Error.WriteLine("--cert and --key (PEM files) are required.");
    return 2;
}

// Kestrel needs the key in a PKCS#12 form on Linux, hence the round trip.
using var pem = X509Certificate2.CreateFromPemFile(cert, key);
settings.Certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pfx), null);

await using var host = await EmulatorHost.StartAsync(settings, "https://127.0.0.1:0");
Console.WriteLine(host.BaseUri.ToString().TrimEnd('/'));
await Console.In.ReadToEndAsync();
return 0;
