using BackupCmdlets.Emulator;

/// <summary>
/// First Connect-BackupVault plus one request (issue 9): in a fresh 'dotnet pwsh -NoProfile' with the packaged module
/// imported, Connect-BackupVault to the emulator (a token, then a GET of the vault) followed by Get-BackupPolicy -Name
/// (one GET), timed with Measure-Command. "Cold" is the first time in the process (the client, Azure.Core and the
/// JIT load then); "warm" is the same pair again in that process, the figure with the goal. Median over fresh processes.
/// dotnet run -c Release --project tests/BackupCmdlets.Benchmarks -- --scenario connect [--runs N] [--module PSD1]
/// </summary>
static class ConnectScenario
{
    const string Measure = """
        param([string] $Manifest, [string] $Url)
        $ErrorActionPreference = 'Stop'
        $vault = @{ Environment = 'Emulator'; ResourceManagerUrl = $Url; SubscriptionId = '00000000-0000-0000-0000-000000000000'
            ResourceGroupName = 'SQLServerSelfHost'; Name = 'SQLServer2012' }
        Import-Module $Manifest
        $cold = Measure-Command { Connect-BackupVault @vault | Out-Null; Get-BackupPolicy -Name HourlyLogBackup | Out-Null }
        $warm = Measure-Command { Connect-BackupVault @vault | Out-Null; Get-BackupPolicy -Name HourlyLogBackup | Out-Null }
        "cold: {0}" -f $cold.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
        "warm: {0}" -f $warm.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = SpeedArgs.Int(args, "--runs", 5);
        var module = PwshProcess.PackagedModule(args);
        // No throttling and no added latency: the figure is the module's own time.
        var settings = new EmulatorSettings();
        settings.Throttling.Enabled = false;
        await using var emulator = await EmulatorHost.StartAsync(settings);
        var script = PwshProcess.Script("connect", Measure);
        var cold = new List<double>();
        var warm = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var lines = PwshProcess.Run(script, module, emulator.BaseUri.ToString().TrimEnd('/'));
            cold.Add(PwshProcess.Value(lines, "cold"));
            warm.Add(PwshProcess.Value(lines, "warm"));
        }
        var w = OverheadScenario.Median(warm);
        Console.WriteLine($"Connect-BackupVault + Get-BackupPolicy -Name (a token, two GETs) against the emulator in fresh 'dotnet pwsh' processes, {runs} runs ({Environment.ProcessorCount} cores, {DateTime.UtcNow:u}):");
        Console.WriteLine($"  cold (first in the process):   median {OverheadScenario.Median(cold),6:0} ms (runs {string.Join(", ", cold.Select(v => v.ToString("0")))})");
        Console.WriteLine($"  warm (again, same process):    median {w,6:0} ms (runs {string.Join(", ", warm.Select(v => v.ToString("0")))})");
        Console.WriteLine($"figure: first Connect-BackupVault plus one request, warm: {w:0} ms (goal: < 200 ms)");
        return 0;
    }
}
