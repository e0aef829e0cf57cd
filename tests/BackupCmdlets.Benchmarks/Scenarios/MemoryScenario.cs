using BackupCmdlets.Benchmarks.Harness;

namespace BackupCmdlets.Benchmarks.Scenarios;

/// <summary>
/// Peak working set of a pwsh process listing 100,000 protectable items ÷ listing 10,000 (goal ≤ 1.2), and the time
/// of the 100,000 (goal under a minute). Throttling off: this measures memory and paging, not throttling.
/// </summary>
public static class MemoryScenario
{
    public static async Task RunAsync(Options options)
    {
        await Repo.EnsurePackagedAsync();
        var sizes = options.Ints("--items", 10_000, 100_000);
        Report.Title($"memory: listing {string.Join(" and ", sizes)} protectable items through the module (Get-BackupProtectableItem | Measure-Object)");
        var runs = new List<(int Items, long Peak, double Seconds)>();
        foreach (var items in sizes)
        {
            var (peak, seconds) = await ListAsync(items);
            runs.Add((items, peak, seconds));
        }
        var (small, large) = (runs.First(), runs.Last());
        Report.Figure($"memory peak working set {large.Items} / {small.Items} items", $"{Report.F((double)large.Peak / small.Peak)} ({Report.MB(large.Peak)} / {Report.MB(small.Peak)})", "<= 1.2");
        Report.Figure($"memory {large.Items} items listed in", $"{Report.F(large.Seconds, "0.0")} s", "< 60 s");
    }

    static async Task<(long Peak, double Seconds)> ListAsync(int items)
    {
        var model = new ThrottleModel { Throttle = false, WriteLatency = 0, ReadLatency = 0, PollLatency = 0, OperationSeconds = 0.2, JobSeconds = 1, ClockSpeed = 1, RetryAfter = 1 };
        var seed = Seeds.Write(items, perVm: 10_000);
        try
        {
            await using var emulator = await EmulatorProcess.StartAsync([.. model.Flags(), "--seed", seed]);
            await VaultSetup.RegisterAllAsync(emulator.Url);
            var r = await Pwsh.RunScriptAsync(Repo.Script("Memory.ps1"), ["-Module", Repo.ModuleManifest, "-Url", emulator.Url.ToString()], TimeSpan.FromMinutes(5));
            var (count, seconds, peak, baseline) = (r.GetProperty("count").GetInt32(), r.GetProperty("seconds").GetDouble(), r.GetProperty("peak").GetInt64(), r.GetProperty("baselinePeak").GetInt64());
            Console.WriteLine($"  {count} items in {Report.F(seconds, "0.0")} s ({model.PageSize} a page): peak working set {Report.MB(peak)} " +
                $"(after import and connect: {Report.MB(baseline)}; the list added {Report.MB(peak - baseline)}); GC heap at the end {Report.MB(r.GetProperty("gcHeap").GetInt64())}, " +
                $"allocated in all {Report.MB(r.GetProperty("allocated").GetInt64())}");
            return (peak, seconds);
        }
        finally { File.Delete(seed); }
    }
}
