using System.Diagnostics;
using BackupCmdlets.Benchmarks.Harness;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;

namespace BackupCmdlets.Benchmarks.Scenarios;

/// <summary>A list streams: its first item arrives after one page, not after all of them (client library, in process).</summary>
public static class StreamingScenario
{
    public static async Task RunAsync(Options options)
    {
        var items = options.Int("--items", 3000);
        var seed = Seeds.Write(items, perVm: items);
        var settings = new EmulatorSettings { OperationDuration = TimeSpan.Zero, PageSize = 50, SeedPath = seed };
        await using var emulator = await EmulatorHost.StartAsync(settings);
        File.Delete(seed);
        await VaultSetup.RegisterAllAsync(emulator.BaseUri);
        var client = VaultSetup.Client(emulator.BaseUri);

        // Once untimed first, so neither way pays for the first call's JIT or the emulator's first pass over the list.
        await foreach (var _ in client.ListProtectableItemsAsync(VaultSetup.Vault)) { }

        var clock = Stopwatch.StartNew();
        TimeSpan first = default;
        var count = 0;
        await foreach (var _ in client.ListProtectableItemsAsync(VaultSetup.Vault))
            if (count++ == 0) first = clock.Elapsed;
        var all = clock.Elapsed;

        // What a buffering client does: read every page before handing out anything.
        clock.Restart();
        var buffered = new List<ProtectableItem>();
        await foreach (var i in client.ListProtectableItemsAsync(VaultSetup.Vault)) buffered.Add(i);
        var bufferedFirst = clock.Elapsed;

        Report.Title($"streaming: {count} protectable items, {settings.PageSize} a page ({(count + settings.PageSize - 1) / settings.PageSize} pages)");
        Report.Note("streamed", $"first item after {Report.F(first.TotalMilliseconds, "0.0")} ms, all after {Report.F(all.TotalMilliseconds, "0.0")} ms");
        Report.Note("buffered", $"first item after {Report.F(bufferedFirst.TotalMilliseconds, "0.0")} ms");
        Report.Figure("streaming time to first item, buffered / streamed", Report.F(bufferedFirst / first, "0") + "x", "about the number of pages");
    }
}
