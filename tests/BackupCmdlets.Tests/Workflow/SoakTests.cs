#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using System.Text.Json;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Emulator.Seed;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>Protect and back up 200 databases through the cmdlets while the service throttles a quarter of writes and fails a tenth of reads.</summary>
[Collection(SessionCollection.Name)]
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
            BackupSession.Current = new BackupContext(TestEmulator.Client(emulator, o =>
            {
                o.Retry.MaxRetries = 10; // a quarter of writes fail: four retries would leave about one in a thousand writes failing
                o.Retry.Delay = TimeSpan.FromMilliseconds(20);
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(300);
                o.JobPollInterval = TimeSpan.FromMilliseconds(300);
            }), TestEmulator.VaultId, "Emulator", null);

            Pipeline.Run(new InvokeBackupContainerRefreshCommand { WaitRequested = true }).AssertNoErrors();
            Pipeline.Run(new GetBackupProtectableContainerCommand { FriendlyName = new[] { "sql-*" } })
                .Then(new RegisterBackupContainerCommand { WaitRequested = true })
                .Then(new InvokeBackupContainerInquiryCommand { WaitRequested = true })
                .AssertNoErrors();
            var policy = Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).OutputOf<BackupPolicy>().Single();
            var protectedItems = Pipeline.Run(new GetBackupProtectableItemCommand { ProtectableItemType = "SQLDataBase" })
                .Then(new EnableBackupProtectionCommand { Policy = policy, WaitRequested = true });
            protectedItems.AssertNoErrors();
            Assert.Equal(200, protectedItems.OutputOf<ProtectedItem>().Count());

            var jobs = protectedItems
                .Then(new StartBackupItemCommand { BackupType = "Full", WaitRequested = true })
                .Then(new WaitBackupJobCommand { PollInterval = 0.3 });
            jobs.AssertNoErrors();
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
#endif
