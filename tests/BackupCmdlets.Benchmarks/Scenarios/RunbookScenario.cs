using BackupCmdlets.Benchmarks.Harness;

namespace BackupCmdlets.Benchmarks.Scenarios;

/// <summary>
/// examples/Protect-SqlDatabases.Runbook.ps1 over 2,000 databases in one pwsh process: its peak working set
/// (goal under 200 MB; Azure Automation stops a job at 400 MB). Throttling off, no latency, short operations:
/// this measures memory, and keeps the run short.
/// </summary>
public static class RunbookScenario
{
    public static async Task RunAsync(Options options)
    {
        await Repo.EnsurePackagedAsync();
        var databases = options.Int("--databases", 2000);
        // Retry-After 0: the runbook triggers one database at a time and waits for each trigger; a second each would be 2,000 s.
        var model = new ThrottleModel { Throttle = false, WriteLatency = 0, ReadLatency = 0, PollLatency = 0, OperationSeconds = 0.05, JobSeconds = 2, ClockSpeed = 1, RetryAfter = 0 };
        var seed = Seeds.Write(databases, perVm: 50);
        var ledger = Path.Combine(Path.GetTempPath(), $"bench-ledger-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var emulator = await EmulatorProcess.StartAsync([.. model.Flags(), "--seed", seed]);
            Report.Title($"runbook: examples/Protect-SqlDatabases.Runbook.ps1 over {databases} databases on {Seeds.VmNames(databases, 50).Count()} VMs, one pwsh process (emulator: {string.Join(' ', model.Flags())})");
            var r = await Pwsh.RunScriptAsync(Repo.Script("Runbook.ps1"),
                ["-Module", Repo.ModuleManifest, "-Url", emulator.Url.ToString(), "-Runbook", Path.Combine(Repo.Root, "examples", "Protect-SqlDatabases.Runbook.ps1"),
                 "-ServerNames", string.Join(',', Seeds.VmNames(databases, 50)), "-LedgerPath", ledger], TimeSpan.FromMinutes(20));
            var failure = r.GetProperty("failure").ValueKind == System.Text.Json.JsonValueKind.String ? r.GetProperty("failure").GetString() : null;
            Console.WriteLine($"  {r.GetProperty("done").GetInt32()} of {databases} backups completed in {Report.F(r.GetProperty("seconds").GetDouble(), "0.0")} s{(failure != null ? $"; the runbook failed: {failure}" : "")}");
            Report.Figure($"runbook peak working set over {databases} databases", Report.MB(r.GetProperty("peak").GetInt64()), "< 200 MB (Azure Automation stops a job at 400 MB)");
        }
        finally { File.Delete(seed); File.Delete(ledger); }
    }
}
