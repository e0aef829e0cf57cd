using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>
/// After an ambiguous trigger failure the module finds the job the trigger started by the item's name and
/// container. VM jobs name their container differently (iaasvmcontainerv2;rg;vm) and file share jobs only
/// their storage account, so the same promise is checked for both: one Start-BackupItem, one backup.
/// </summary>
public class AmbiguousTriggerWorkloadTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var workload in new[] { "VM", "FileShare" })
            foreach (var fault in new[] { "drop after", "503 after", "Location only" })
                data.Add(workload, fault);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task One_Start_BackupItem_starts_one_backup_whatever_the_answer(string workload, string fault)
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.JobDuration = TimeSpan.FromSeconds(1);
        settings.RetryAfterSeconds = 0;
        await using var emulator = await TestEmulator.StartAsync(settings);
        var client = TestEmulator.Client(emulator, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(50));
        var item = workload == "VM" ? await EmulatorSteps.ProtectVmAsync(client, "ad-secondry-dc") : await EmulatorSteps.ProtectFileShareAsync(client, "reports");
        using var ps = PowerShellSession.Start();
        ps.Run("Connect-TestBackupVault -ResourceManagerUrl $url -PollSeconds 0.05 -RetryDelaySeconds 0.02 -AmbiguousTriggerCheckSeconds 0.1", ("url", emulator.BaseUri))
            .AssertNoErrors();
        emulator.Faults.Set([fault switch
        {
            "drop after" => new FaultRule { Kind = FaultKind.Drop, Phase = FaultPhase.After, Method = "POST", PathPattern = "/backup$" },
            "503 after" => new FaultRule { Kind = FaultKind.ServerError, Status = 503, Phase = FaultPhase.After, Method = "POST", PathPattern = "/backup$", RetryAfterSeconds = 0 },
            _ => new FaultRule { Kind = FaultKind.LocationOnly, Method = "POST", PathPattern = "/backup$" },
        }]);

        var run = ps.Run("$item | Start-BackupItem -Wait", ("item", item));

        run.AssertNoErrors();
        var job = Assert.Single(run.OutputOf<BackupJob>());
        Assert.Single(emulator.Ledger.Of(Ledger.FaultInjected));
        Assert.Single(emulator.Ledger.Of(Ledger.BackupStarted)); // the answer was lost or thin, the backup was not doubled
        Assert.Equal(job.JobId, Assert.Single(emulator.State.Vaults.Single().Jobs.Values).Id);
        Assert.Equal(item.FriendlyName, job.EntityFriendlyName);
    }
}
