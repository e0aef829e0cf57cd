/// <summary>
/// Import-Module time (issue 9): the packaged module against a binary module of one cmdlet built the same way
/// (tools/one-cmdlet-module, netstandard2.0 against PowerShellStandard.Library, with a manifest). Each import runs in
/// a fresh 'dotnet pwsh -NoProfile' and is timed inside it with Measure-Command, so pwsh's own start-up is left out;
/// the two alternate, and the figure is the ratio of the medians. Also lists what of the client and Azure the import
/// loaded (nothing, since the client loads when the first cmdlet runs).
/// dotnet run -c Release --project tests/BackupCmdlets.Benchmarks -- --scenario import [--runs N] [--module PSD1]
/// </summary>
static class ImportScenario
{
    const string Measure = """
        param([string] $Manifest)
        $time = Measure-Command { Import-Module $Manifest }
        "ms: {0}" -f $time.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
        $loaded = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { $_ -match '^(Azure\.|Microsoft\.Identity|System\.ClientModel|BackupCmdlets\.Client)' }
        "loaded: $($loaded -join ', ')"
        """;

    public static Task<int> RunAsync(string[] args)
    {
        var runs = SpeedArgs.Int(args, "--runs", 7);
        var module = PwshProcess.PackagedModule(args);
        var one = OneCmdletModule();
        var script = PwshProcess.Script("import", Measure);
        PwshProcess.Run(script, one); // a first pwsh start warms the disk cache for both
        var ours = new List<double>();
        var theirs = new List<double>();
        var loaded = "";
        for (var i = 0; i < runs; i++)
        {
            theirs.Add(PwshProcess.Value(PwshProcess.Run(script, one), "ms"));
            var lines = PwshProcess.Run(script, module);
            ours.Add(PwshProcess.Value(lines, "ms"));
            loaded = lines.Single(l => l.StartsWith("loaded:", StringComparison.Ordinal)).Substring(7).Trim();
        }
        var o = OverheadScenario.Median(ours);
        var t = OverheadScenario.Median(theirs);
        Console.WriteLine($"Import-Module in a fresh 'dotnet pwsh -NoProfile', {runs} runs each ({Environment.ProcessorCount} cores, {DateTime.UtcNow:u}):");
        Console.WriteLine($"  BackupCmdlets (packaged):  median {o,6:0.0} ms (runs {string.Join(", ", ours.Select(v => v.ToString("0")))})");
        Console.WriteLine($"  one-cmdlet binary module:  median {t,6:0.0} ms (runs {string.Join(", ", theirs.Select(v => v.ToString("0")))})");
        Console.WriteLine($"  client or Azure assemblies loaded by the import: {(loaded.Length == 0 ? "none" : loaded)}");
        Console.WriteLine($"figure: Import-Module, BackupCmdlets / one-cmdlet module: {o / t:0.0} (goal: <= 3)");
        return Task.FromResult(0);
    }

    /// <summary>Builds tools/one-cmdlet-module into a temporary folder with its manifest; the manifest's path.</summary>
    static string OneCmdletModule()
    {
        var output = Path.Combine(Path.GetTempPath(), $"bench-one-cmdlet-{Environment.ProcessId}");
        var project = Path.Combine(PwshProcess.RepoRoot, "tools", "one-cmdlet-module", "OneCmdletModule.csproj");
        var publish = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", output, "-nologo", "-v", "q"]) { RedirectStandardOutput = true })!;
        publish.StandardOutput.ReadToEnd();
        publish.WaitForExit();
        if (publish.ExitCode != 0) throw new InvalidOperationException($"dotnet publish {project} failed.");
        return Path.Combine(output, "OneCmdletModule.psd1");
    }
}
