using BackupCmdlets.Benchmarks.Harness;

namespace BackupCmdlets.Benchmarks.Scenarios;

/// <summary>The README's Quickstart on the default seed: requests sent ÷ the protocol minimum, per request kind (goal 1.00).</summary>
public static class RequestsScenario
{
    public static async Task RunAsync(Options options)
    {
        await Repo.EnsurePackagedAsync();
        // Real seconds, no throttling, no latency: counts do not depend on them. An operation of 1.5 s with
        // Retry-After 1 needs two polls, without a poll falling on the instant it ends; a 3 s job outlives its trigger.
        var model = new ThrottleModel { Throttle = false, WriteLatency = 0, ReadLatency = 0, PollLatency = 0, OperationSeconds = 1.5, JobSeconds = 3, ClockSpeed = 1, RetryAfter = 1 };
        await using var emulator = await EmulatorProcess.StartAsync(model.Flags());
        var result = await Pwsh.RunScriptAsync(Repo.Script("Quickstart.ps1"), ["-Module", Repo.ModuleManifest, "-Url", emulator.Url.ToString()], TimeSpan.FromMinutes(5));
        var databases = result.GetProperty("jobs").GetInt32();
        var sent = (await emulator.RequestsAsync()).Where(RequestKinds.IsArm).ToList();
        var (rows, ratio) = ProtocolMinimum.Compare(sent, ProtocolMinimum.Quickstart(databases, model));

        Report.Title($"requests: the README Quickstart on the default seed ({databases} databases of sqlserver-0; operations {model.OperationSeconds} s, Retry-After {model.RetryAfter} s, jobs {model.JobSeconds} s)");
        Console.WriteLine($"  {"request kind",-42} {"sent",5} {"minimum",8}");
        foreach (var (kind, count, minimum) in rows)
            Console.WriteLine($"  {kind,-42} {count,5} {minimum,8}{(count != minimum ? $"  ({count - minimum:+0;-0})" : "")}");
        Console.WriteLine($"  {"total",-42} {rows.Sum(r => r.Sent),5} {rows.Sum(r => r.Minimum),8}");
        Report.Figure("requests Quickstart sent / protocol minimum", Report.F(ratio), "1.00, or each extra request named and justified (docs/benchmarks.md)");
        Report.Note("429 answers", sent.Count(r => r.Status == 429).ToString());
    }
}
