using System.Diagnostics;
using BackupCmdlets.Benchmarks.Harness;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Emulator;

namespace BackupCmdlets.Benchmarks.Scenarios;

/// <summary>Waiting for N operations at once costs about the slowest one, not the sum (client library, in process).</summary>
public static class WaitingScenario
{
    public static async Task RunAsync(Options options)
    {
        var operations = options.Int("--operations", 12);
        // Each operation runs 2 s on the service and answers polls with Retry-After: 1.
        var seed = Seeds.Write(operations, perVm: 1);
        var settings = new EmulatorSettings { OperationDuration = TimeSpan.FromSeconds(2), RetryAfterSeconds = 1, SeedPath = seed };
        await using var emulator = await EmulatorHost.StartAsync(settings);
        var client = VaultSetup.Client(emulator.BaseUri);
        var vault = VaultSetup.Vault;
        await client.WaitForOperationAsync(await client.RefreshContainersAsync(vault));
        var containers = new List<ProtectableContainer>();
        await foreach (var c in client.ListProtectableContainersAsync(vault)) containers.Add(c);
        File.Delete(seed);

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
        Report.Title($"waiting: {half} operations of {slowest.TotalSeconds:0} s each (Retry-After 1 s)");
        Report.Note("one after another", $"{Report.F(sequential.TotalSeconds, "0.0")} s");
        Report.Note("all at once", $"{Report.F(concurrent.TotalSeconds, "0.0")} s");
        Report.Figure("waiting sequential / concurrent", Report.F(sequential / concurrent, "0.0") + "x", $"about {half}x: the number of operations");
        Report.Figure("waiting concurrent / one operation", Report.F(concurrent / slowest), "about 1");
    }
}
