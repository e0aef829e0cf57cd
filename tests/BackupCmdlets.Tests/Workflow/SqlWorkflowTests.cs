using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>The pipeline of ARCHITECTURE.md, stage by stage, through the cmdlets, against the emulator on loopback.</summary>
public class SqlWorkflowTests
{
    [Fact]
    public async Task The_documented_pipeline_protects_msdb_and_completes_one_full_backup()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Connected(emulator, realConnect: true);

        var refresh = ps.Run("Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation").AssertNoErrors();
        Assert.Equal("Succeeded", Assert.Single(refresh.OutputOf<BackupOperation>()).Status);

        var inquired = ps.Run("""
            Get-BackupProtectableContainer -FriendlyName sqlserver-0 |
                Register-BackupContainer -WorkloadType SQLDataBase | Wait-BackupOperation |
                Invoke-BackupContainerInquiry | Wait-BackupOperation
            """).AssertNoErrors();
        var container = Assert.Single(inquired.OutputOf<ProtectionContainer>());
        Assert.Equal("VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0", container.Name);
        Assert.True(container.IsRegistered);
        Assert.Equal("Success", container.InquiryStatus);

        var protectedStage = ps.Run("""
            $policy = Get-BackupPolicy -Name HourlyLogBackup
            $protected = Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 -Name msdb |
                Enable-BackupProtection -Policy $policy | Wait-BackupOperation
            $protected
            """).AssertNoErrors();
        var irPending = Assert.Single(protectedStage.OutputOf<ProtectedItem>());
        Assert.Equal("IRPending", irPending.ProtectionState);

        var done = ps.Run("$protected | Start-BackupItem -BackupType Full | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.2").AssertNoErrors();
        var job = Assert.Single(done.OutputOf<BackupJob>());
        Assert.Equal("Completed", job.Status);
        Assert.Equal("Full", job.BackupType);
        Assert.Equal("Backup", job.Operation);

        // The end state, read back through the module and the client.
        var item = Assert.Single(ps.Run("Get-BackupProtectedItem -Name msdb").AssertNoErrors().OutputOf<ProtectedItem>());
        Assert.Equal("Protected", item.ProtectionState);
        Assert.Equal("Healthy", item.LastBackupStatus);
        Assert.Equal(1, item.RecoveryPointCount);
        var points = new List<RecoveryPoint>();
        await foreach (var rp in TestEmulator.Client(emulator).ListRecoveryPointsAsync(item)) points.Add(rp);
        Assert.Equal("Full", Assert.Single(points).RecoveryPointType);

        // From the service's side: one backup job, and no poll came before the Retry-After it was given.
        var jobs = emulator.State.Vaults.Single().Jobs.Values;
        Assert.Equal(job.JobId, Assert.Single(jobs).Id);
        var polls = emulator.Log.Entries.Where(e => e.OperationId != null).ToList();
        Assert.True(polls.Count >= 5, $"expected polls of every operation, saw {polls.Count}");
        Assert.All(polls, p => Assert.False(p.PolledEarly, $"{p.Method} {p.Path} at {p.ReceivedAt:O} came before {p.PollNotBefore:O}"));
    }

    [Fact]
    public async Task Protecting_many_databases_waits_for_them_concurrently()
    {
        var settings = TestEmulator.FastSettings();
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = Prepared.RegisteredAndInquired(emulator);
        settings.OperationDuration = TimeSpan.FromSeconds(3); // each protection outlasts the time it takes to send all five

        var result = ps.Run("""
            $policy = Get-BackupPolicy -Name HourlyLogBackup
            Get-BackupProtectableItem -ProtectableItemType SQLDataBase | Enable-BackupProtection -Policy $policy -Wait
            """).AssertNoErrors();

        Assert.Equal(5, result.OutputOf<ProtectedItem>().Count());
        // The five operations were alive at the same time: the last was started before the first was seen done.
        // Waiting in turn would finish each before starting the next.
        var operations = emulator.State.Vaults.Single().Operations.Values.Where(o => o.Kind == BackupCmdlets.Emulator.State.OperationKind.EnableProtection).ToList();
        Assert.Equal(5, operations.Count);
        var lastStarted = operations.Max(o => o.StartedAt);
        var firstCompleted = operations.Min(o => o.CompletesAt);
        Assert.True(lastStarted < firstCompleted, $"last start {lastStarted:O} is after the first completion {firstCompleted:O}");
        Assert.Contains(result.Progress, p => p.RecordType == System.Management.Automation.ProgressRecordType.Completed);
    }
}

/// <summary>Shared set-up: a connected runspace, and the steps before protection done through the cmdlets.</summary>
public static class Prepared
{
    internal static PowerShellSession RegisteredAndInquired(BackupCmdlets.Emulator.EmulatorHost emulator)
    {
        var ps = PowerShellSession.Connected(emulator);
        ps.Run("""
            Invoke-BackupContainerRefresh -Wait | Out-Null
            Register-BackupContainer -FriendlyName sqlserver-0 -Wait | Invoke-BackupContainerInquiry -Wait | Out-Null
            """).AssertNoErrors();
        return ps;
    }
}
