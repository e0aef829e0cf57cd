using BackupCmdlets.Benchmarks.Harness;
using BackupCmdlets.Benchmarks.Scenarios;

// The benchmark harness: measures, prints "figure: value (goal: ...)" lines, asserts nothing (docs/benchmarks.md).
//   dotnet run -c Release --project tests/BackupCmdlets.Benchmarks -- --scenario NAME|all [options]
var options = new Options(args);

// Name → scenario, one line each, in the order 'all' runs them. New scenarios: one line at the end.
var scenarios = new List<(string Name, Func<Options, Task> Run)>
{
    ("waiting", WaitingScenario.RunAsync),
    ("streaming", StreamingScenario.RunAsync),
    ("requests", RequestsScenario.RunAsync),
    ("memory", MemoryScenario.RunAsync),
    ("runbook", RunbookScenario.RunAsync),
    ("scale", ScaleScenario.RunAsync),
    ("overhead", o => OverheadScenario.RunAsync(o.Args)),
    ("import", o => ImportScenario.RunAsync(o.Args)),
    ("connect", o => ConnectScenario.RunAsync(o.Args)),
};

var name = options.Text("--scenario");
var chosen = name == "all" ? scenarios : scenarios.Where(s => s.Name == name).ToList();
if (chosen.Count == 0)
{
    Console.Error.WriteLine($"Usage: --scenario NAME|all [options]. Scenarios: {string.Join(", ", scenarios.Select(s => s.Name))}.");
    return 2;
}
Console.WriteLine($"BackupCmdlets benchmarks ({Environment.ProcessorCount} cores, {DateTime.UtcNow:u})");
foreach (var scenario in chosen)
{
    try { await scenario.Run(options); }
    catch (Exception e) when (chosen.Count > 1)
    {
        // One scenario's failure does not hide the others' figures.
        Console.WriteLine($"{scenario.Name}: FAILED ({e.GetType().Name}: {e.Message})");
    }
}
return 0;
