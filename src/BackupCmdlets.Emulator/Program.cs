using System.Globalization;
using BackupCmdlets.Emulator;

// dotnet run --project src/BackupCmdlets.Emulator -- --urls http://127.0.0.1:5599 [--seed FILE]
//   [--retry-after SECONDS] [--operation-seconds S] [--job-seconds S] [--page-size N] [--token-lifetime-seconds S]
//   [--identity-header VALUE] [--certificate PFX]   (https URLs: a PFX file without password, with its key)
//   [--throttle on|off] [--read-latency-ms N] [--write-latency-ms N] [--poll-latency-ms N] [--clock-speed X]
// dotnet run --project src/BackupCmdlets.Emulator -- generate-seed --vms N --databases-per-vm M [--out FILE]
if (args.Length > 0 && args[0] == "generate-seed") return BackupCmdlets.Emulator.Seed.SeedGenerator.Run(args);
var settings = new EmulatorSettings();
var url = EmulatorHost.DefaultUrl;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    double Seconds() => double.Parse(Next(), CultureInfo.InvariantCulture);
    TimeSpan Milliseconds() => TimeSpan.FromMilliseconds(double.Parse(Next(), CultureInfo.InvariantCulture));
    switch (args[i])
    {
        case "--urls": url = Next(); break;
        case "--seed": settings.SeedPath = Next(); break;
        case "--retry-after": settings.RetryAfterSeconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--operation-seconds": settings.OperationDuration = TimeSpan.FromSeconds(Seconds()); break;
        case "--job-seconds": settings.JobDuration = TimeSpan.FromSeconds(Seconds()); break;
        case "--page-size": settings.PageSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--token-lifetime-seconds": settings.TokenLifetime = TimeSpan.FromSeconds(Seconds()); break;
        case "--identity-header": settings.IdentityHeader = Next(); break;
        case "--certificate": settings.Certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(Next(), null); break;
        case "--throttle":
            settings.Throttling.Enabled = Next() switch
            {
                "on" => true,
                "off" => false,
                var other => throw new ArgumentException($"--throttle takes on or off, not '{other}'."),
            };
            break;
        case "--read-latency-ms": settings.ReadLatency = Milliseconds(); break;
        case "--write-latency-ms": settings.WriteLatency = Milliseconds(); break;
        case "--poll-latency-ms": settings.PollLatency = Milliseconds(); break;
        case "--clock-speed": settings.ClockSpeed = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'.");
            return 2;
    }
}

await using var host = await EmulatorHost.StartAsync(settings, url);
Console.WriteLine($"Recovery Services emulator listening on {host.BaseUri} (Ctrl+C to stop)");
await host.WaitForShutdownAsync();
return 0;
