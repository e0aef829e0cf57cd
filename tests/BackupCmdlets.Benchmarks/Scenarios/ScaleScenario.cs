using BackupCmdlets.Benchmarks.Harness;

namespace BackupCmdlets.Benchmarks.Scenarios;

/// <summary>
/// N SQL databases protected and backed up through the packaged module in PowerShell 7, against an emulator
/// with Azure-like latency and throttling: wall time ÷ the throttle-bound minimum (goal ≤ 1.10 at 500).
/// </summary>
public static class ScaleScenario
{
    public static async Task RunAsync(Options options)
    {
        await Repo.EnsurePackagedAsync();
        var model = new ThrottleModel
        {
            Throttle = options.Text("--throttle") != "off",
            ClockSpeed = options.Double("--clock-speed", 60),
            WriteLatency = options.Double("--write-latency-ms", 300) / 1000,
            ReadLatency = options.Double("--read-latency-ms", 100) / 1000,
            PollLatency = options.Double("--poll-latency-ms", 100) / 1000,
            OperationSeconds = options.Double("--operation-seconds", 30),
            JobSeconds = options.Double("--job-seconds", 600),
        };
        Report.Title($"scale: protect and back up N SQL databases through the module (emulator: {string.Join(' ', model.Flags())})");
        foreach (var n in options.Ints("--databases", 1, 50, 500))
            await RunOneAsync(n, model, options.Text("--timeline"));
    }

    static async Task RunOneAsync(int databases, ThrottleModel model, string? timeline)
    {
        var seed = Seeds.Write(databases, perVm: 50);
        try
        {
            await using var emulator = await EmulatorProcess.StartAsync([.. model.Flags(), "--seed", seed]);
            await VaultSetup.RegisterAllAsync(emulator.Url);
            await VaultSetup.RefillAsync(emulator, model);
            var before = (await emulator.RequestsAsync()).Count;

            var result = await Pwsh.RunScriptAsync(Repo.Script("Scale.ps1"), ["-Module", Repo.ModuleManifest, "-Url", emulator.Url.ToString()], TimeSpan.FromMinutes(15));
            var sent = (await emulator.RequestsAsync()).Skip(before).Where(RequestKinds.IsArm).ToList();
            var wall = result.GetProperty("seconds").GetDouble();
            var bound = model.Minimum(databases);
            var errors = result.GetProperty("errors").GetInt32();
            if (errors > 0)
                Console.WriteLine($"\n  {errors} error(s), the first: {string.Join(" | ", result.GetProperty("firstErrors").EnumerateArray().Select(e => e.GetString()))}");

            Console.WriteLine($"\nN = {databases}: {result.GetProperty("completed").GetInt32()} of {result.GetProperty("jobs").GetInt32()} jobs completed in {Report.F(wall, "0.0")} s");
            Report.Figure($"scale N={databases} wall / throttle-bound minimum", $"{Report.F(wall / bound.Seconds)} ({Report.F(wall, "0.0")} s / {Report.F(bound.Seconds, "0.0")} s)",
                databases >= 500 ? "<= 1.10" : "<= 1.10 at N=500; shown for the curve");
            Report.Note("minimum = max(critical path, writes bound, reads bound)",
                $"max({Report.F(bound.CriticalPath, "0.0")}, {Report.F(bound.WritesBound, "0.0")}, {Report.F(bound.ReadsBound, "0.0")}) s; protocol minimum {bound.Writes} writes, {bound.Reads} reads");
            var writes = sent.Count(RequestKinds.IsWrite);
            Report.Note("requests sent (connect to last job)", $"{sent.Count}: {writes} writes, {sent.Count - writes} reads; 429: {sent.Count(r => r.Status == 429)} ({sent.Count(r => r.Status == 429 && RequestKinds.IsWrite(r))} on writes)");
            if (timeline != null)
                Timeline.Write($"{timeline}-{databases}.txt", sent, model.ClockSpeed);
            foreach (var kind in sent.GroupBy(RequestKinds.Of).OrderByDescending(g => g.Count()))
                Report.Note($"  {kind.Key}", $"{kind.Count()} ({kind.Count(r => r.Status == 429)} answered 429)");
        }
        finally { File.Delete(seed); }
    }
}
