using System.Diagnostics;
using System.Text.Json;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Connection;
using BackupCmdlets.Client.Ids;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Emulator;
using BackupCmdlets.Emulator.Seed;

// Measures the two speed claims of the README against the emulator on loopback, as ratios:
//   1. waiting for N operations at once costs about the slowest one, not the sum;
//   2. a list streams: its first item arrives after one page, not after all of them.
// dotnet run -c Release --project tests/BackupCmdlets.Benchmarks [-- --operations N --items N]
// --scenario NAME runs one scenario of its own file (speed's: overhead, import, connect); without it, the two below.
if (SpeedArgs.Str(args, "--scenario") is string scenario) return await SpeedScenarios.RunAsync(scenario, args);
var operations = Arg("--operations", 12);
var items = Arg("--items", 3000);
var vault = new VaultId("00000000-0000-0000-0000-000000000000", "SQLServerSelfHost", "SQLServer2012");

Console.WriteLine($"BackupCmdlets benchmarks ({Environment.ProcessorCount} cores, {DateTime.UtcNow:u})");
await WaitingAsync();
await StreamingAsync();
return 0;

async Task WaitingAsync()
{
    // Each operation runs 2 s on the service and answers polls with Retry-After: 1.
    var settings = new EmulatorSettings { OperationDuration = TimeSpan.FromSeconds(2), RetryAfterSeconds = 1, SeedPath = Seed(operations, 1) };
    await using var emulator = await EmulatorHost.StartAsync(settings);
    var client = Client(emulator);
    await client.WaitForOperationAsync(await client.RefreshContainersAsync(vault));
    var containers = new List<ProtectableContainer>();
    await foreach (var c in client.ListProtectableContainersAsync(vault)) containers.Add(c);

    var half = containers.Count / 2;
    // One at a time: start an operation, wait for it, then start the next (what a tool that waits per item does).
    var clock = Stopwatch.StartNew();
    foreach (var c in containers.Take(half))
        await client.WaitForOperationAsync(await client.RegisterContainerAsync(c));
    var sequential = clock.Elapsed;
    // All at once: start every operation, then wait for all of them together (Wait-BackupOperation, -Wait).
    clock.Restart();
    var started = new List<BackupOperation>();
    foreach (var c in containers.Skip(half)) started.Add(await client.RegisterContainerAsync(c));
    await Task.WhenAll(started.Select(op => client.WaitForOperationAsync(op)));
    var concurrent = clock.Elapsed;
    var slowest = settings.OperationDuration;
    Console.WriteLine($"\nWaiting for {half} operations of {slowest.TotalSeconds:0} s each (Retry-After 1 s):");
    Console.WriteLine($"  one after another: {sequential.TotalSeconds,6:0.0} s");
    Console.WriteLine($"  all at once:       {concurrent.TotalSeconds,6:0.0} s");
    Console.WriteLine($"  ratio sequential / concurrent: {sequential / concurrent:0.0}x; concurrent / one operation: {concurrent / slowest:0.00}");
}

async Task StreamingAsync()
{
    var settings = new EmulatorSettings { OperationDuration = TimeSpan.Zero, PageSize = 50, SeedPath = Seed(1, items) };
    await using var emulator = await EmulatorHost.StartAsync(settings);
    var client = Client(emulator);
    await client.WaitForOperationAsync(await client.RefreshContainersAsync(vault));
    ProtectableContainer? vm = null;
    await foreach (var c in client.ListProtectableContainersAsync(vault)) vm = c;
    var container = (ProtectionContainer)(await client.WaitForOperationAsync(await client.RegisterContainerAsync(vm!)))!;
    await client.WaitForOperationAsync(await client.InquireAsync(container));

    var clock = Stopwatch.StartNew();
    TimeSpan first = default;
    var count = 0;
    await foreach (var _ in client.ListProtectableItemsAsync(vault))
        if (count++ == 0) first = clock.Elapsed;
    var all = clock.Elapsed;

    // What a buffering client does: read every page before handing out anything.
    clock.Restart();
    var buffered = new List<ProtectableItem>();
    await foreach (var i in client.ListProtectableItemsAsync(vault)) buffered.Add(i);
    var bufferedFirst = clock.Elapsed;

    Console.WriteLine($"\nListing {count} protectable items, {settings.PageSize} a page ({(count + settings.PageSize - 1) / settings.PageSize} pages):");
    Console.WriteLine($"  streamed: first item after {first.TotalMilliseconds,7:0.0} ms, all after {all.TotalMilliseconds,7:0.0} ms");
    Console.WriteLine($"  buffered: first item after {bufferedFirst.TotalMilliseconds,7:0.0} ms");
    Console.WriteLine($"  ratio time to first item, buffered / streamed: {bufferedFirst / first:0}x");
}

BackupClient Client(EmulatorHost emulator) =>
    BackupClient.Create(new ConnectionSettings { Environment = "Emulator", ResourceManagerUrl = emulator.BaseUri });

// A seed with the given number of VMs, each with one SQL instance of the given number of databases.
string Seed(int vms, int databases)
{
    var seed = SeedModel.LoadDefault();
    seed.VirtualMachines = Enumerable.Range(1, vms).Select(v => new SeedVirtualMachine
    {
        ResourceGroup = "BenchRG",
        Name = $"sql-{v}",
        SqlInstances = { new SeedSqlInstance { Name = "MSSQLSERVER", Databases = Enumerable.Range(1, databases).Select(d => $"db{d}").ToList() } },
    }).ToList();
    var path = Path.Combine(Path.GetTempPath(), $"bench-seed-{Guid.NewGuid():N}.json");
    File.WriteAllText(path, JsonSerializer.Serialize(seed, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    return path;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
