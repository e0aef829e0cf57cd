using System.Text.Json;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Emulator.Seed;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>Protect and back up 200 databases through the cmdlets in a real runspace while the service throttles a quarter of writes and fails a tenth of reads.</summary>
public class SoakTests
{
    [Fact]
    public async Task Two_hundred_databases_are_protected_and_backed_up_once_each_under_throttling_and_503s()
    {
        var seed = SeedModel.LoadDefault();
        seed.VirtualMachines = Enumerable.Range(1, 4).Select(v => new SeedVirtualMachine
        {
            ResourceGroup = "SoakRG",
            Name = $"sql-{v}",
            HostServerName = $"sql-{v}.contoso.com",
            SqlInstances = { new SeedSqlInstance { Name = "MSSQLSERVER", Databases = Enumerable.Range(1, 50).Select(d => $"db{v:00}{d:000}").ToList() } },
        }).ToList();
        var seedPath = Path.Combine(Path.GetTempPath(), $"soak-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seedPath, JsonSerializer.Serialize(seed, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        try
        {
            var settings = TestEmulator.FastSettings();
            settings.SeedPath = seedPath;
            settings.OperationDuration = TimeSpan.FromMilliseconds(500);
            settings.JobDuration = TimeSpan.FromMilliseconds(800);
            settings.RetryAfterSeconds = 1;
            foreach (var write in new[] { "PUT", "POST" })
                settings.Faults.Add(new FaultRule { Kind = FaultKind.Throttle, Method = write, Times = null, Probability = 0.25, RetryAfterSeconds = 0 });
            settings.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, Method = "GET", Times = null, Probability = 0.10, RetryAfterSeconds = 0 });
            await using var emulator = await TestEmulator.StartAsync(settings);
            // A quarter of writes fail: four retries would leave about one in a thousand writes failing.
            using var ps = PowerShellSession.Start();
            ps.Run("Connect-TestBackupVault -ResourceManagerUrl $url -MaxRetries 10 -RetryDelaySeconds 0.02 -PollSeconds 0.3", ("url", emulator.BaseUri))
                .AssertNoErrors();

            ps.Run("Invoke-BackupContainerRefresh -Wait | Out-Null").AssertNoErrors();
            ps.Run("Get-BackupProtectableContainer -FriendlyName sql-* | Register-BackupContainer -Wait | Invoke-BackupContainerInquiry -Wait | Out-Null")
                .AssertNoErrors();
            var protectedItems = ps.Run("""
                $policy = Get-BackupPolicy -Name HourlyLogBackup
                $protected = Get-BackupProtectableItem -ProtectableItemType SQLDataBase | Enable-BackupProtection -Policy $policy -Wait
                $protected
                """).AssertNoErrors();
            Assert.Equal(200, protectedItems.OutputOf<ProtectedItem>().Count());

            var jobs = ps.Run("$protected | Start-BackupItem -BackupType Full -Wait | Wait-BackupJob -PollInterval 0.3").AssertNoErrors();
            Assert.Equal(200, jobs.OutputOf<BackupJob>().Count(j => j.Status == "Completed"));

            // From the service's side: every item protected and backed up exactly once, and the faults really happened.
            var vault = emulator.State.Vaults.Single();
            Assert.Equal(200, vault.ProtectedItems.Values.Count(i => i.ProtectionState == "Protected"));
            var started = emulator.Ledger.Of(Ledger.BackupStarted).GroupBy(e => e.Subject).ToList();
            Assert.Equal(200, started.Count);
            Assert.All(started, g => Assert.Single(g));
            Assert.Equal(200, vault.Jobs.Count);
            var faults = emulator.Ledger.Of(Ledger.FaultInjected).ToList();
            Assert.True(faults.Count(f => f.Detail!.StartsWith("Throttle")) > 50, "writes were throttled");
            Assert.True(faults.Count(f => f.Detail!.StartsWith("ServerError")) > 50, "reads failed");
        }
        finally
        {
            File.Delete(seedPath);
        }
    }
}
