using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>The pipeline of ARCHITECTURE.md, stage by stage, through the cmdlets, against the emulator on loopback.</summary>
[Collection(SessionCollection.Name)]
public class SqlWorkflowTests
{
    [Fact]
    public async Task The_documented_pipeline_protects_msdb_and_completes_one_full_backup()
    {
        await using var emulator = await TestEmulator.StartAsync();
        TestEmulator.Connect(emulator);

        // Invoke-BackupContainerRefresh -BackupManagementType AzureWorkload | Wait-BackupOperation
        var refresh = Pipeline.Run(new InvokeBackupContainerRefreshCommand { BackupManagementType = "AzureWorkload" })
            .Then(new WaitBackupOperationCommand());
        Assert.Equal("Succeeded", Assert.IsType<BackupOperation>(Assert.Single(refresh.Output)).Status);

        // Get-BackupProtectableContainer -FriendlyName sqlserver-0 | Register-BackupContainer -WorkloadType SQLDataBase |
        //     Wait-BackupOperation | Invoke-BackupContainerInquiry | Wait-BackupOperation
        var inquired = Pipeline.Run(new GetBackupProtectableContainerCommand { FriendlyName = new[] { "sqlserver-0" } })
            .Then(new RegisterBackupContainerCommand { WorkloadType = "SQLDataBase" })
            .Then(new WaitBackupOperationCommand())
            .Then(new InvokeBackupContainerInquiryCommand())
            .Then(new WaitBackupOperationCommand());
        var container = Assert.IsType<ProtectionContainer>(Assert.Single(inquired.Output));
        Assert.Equal("VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0", container.Name);
        Assert.True(container.IsRegistered);
        Assert.Equal("Success", container.InquiryStatus);

        // $policy = Get-BackupPolicy -Name HourlyLogBackup
        var policy = Assert.IsType<BackupPolicy>(Assert.Single(Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).Output));

        // Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 -Name msdb |
        //     Enable-BackupProtection -Policy $policy | Wait-BackupOperation |
        //     Start-BackupItem -BackupType Full | Wait-BackupOperation | Wait-BackupJob
        var protectedStage = Pipeline.Run(new GetBackupProtectableItemCommand { ProtectableItemType = "SQLDataBase", ServerName = new[] { "sqlserver-0" }, FriendlyName = new[] { "msdb" } })
            .Then(new EnableBackupProtectionCommand { Policy = policy })
            .Then(new WaitBackupOperationCommand());
        var irPending = Assert.IsType<ProtectedItem>(Assert.Single(protectedStage.Output));
        Assert.Equal("IRPending", irPending.ProtectionState);

        var done = protectedStage
            .Then(new StartBackupItemCommand { BackupType = "Full" })
            .Then(new WaitBackupOperationCommand())
            .Then(new WaitBackupJobCommand { PollInterval = 0.2 });
        var job = Assert.IsType<BackupJob>(Assert.Single(done.Output));
        Assert.Empty(done.Errors);
        Assert.Equal("Completed", job.Status);
        Assert.Equal("Full", job.BackupType);
        Assert.Equal("Backup", job.Operation);

        // The end state, read back through the module and the client.
        var item = Assert.IsType<ProtectedItem>(Assert.Single(Pipeline.Run(new GetBackupProtectedItemCommand { FriendlyName = new[] { "msdb" } }).Output));
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
        await Prepared.RegisteredAndInquiredAsync(emulator);
        var policy = Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).Output.Single();
        settings.OperationDuration = TimeSpan.FromSeconds(3); // each protection outlasts the time it takes to send all five

        var result = Pipeline.Run(new GetBackupProtectableItemCommand { ProtectableItemType = "SQLDataBase" })
            .Then(new EnableBackupProtectionCommand { Policy = (BackupPolicy)policy, WaitRequested = true });

        Assert.Equal(5, result.OutputOf<ProtectedItem>().Count());
        // The five operations were alive at the same time: the last was started before the first was seen done.
        // Waiting in turn would finish each before starting the next.
        var operations = emulator.State.Vaults.Single().Operations.Values.Where(o => o.Kind == BackupCmdlets.Emulator.State.OperationKind.EnableProtection).ToList();
        Assert.Equal(5, operations.Count);
        var lastStarted = operations.Max(o => o.StartedAt);
        var firstCompleted = operations.Min(o => o.CompletesAt);
        Assert.True(lastStarted < firstCompleted, $"last start {lastStarted:O} is after the first completion {firstCompleted:O}");
        Assert.Contains(result.Progress, p => p.Completed);
    }
}

/// <summary>Shared set-up: the steps before protection, done through the cmdlets.</summary>
public static class Prepared
{
    public static Task RegisteredAndInquiredAsync(BackupCmdlets.Emulator.EmulatorHost emulator)
    {
        TestEmulator.Connect(emulator);
        Pipeline.Run(new InvokeBackupContainerRefreshCommand { WaitRequested = true });
        var inquired = Pipeline.Run(new RegisterBackupContainerCommand { FriendlyName = "sqlserver-0", WaitRequested = true })
            .Then(new InvokeBackupContainerInquiryCommand { WaitRequested = true });
        Assert.Empty(inquired.Errors);
        return Task.CompletedTask;
    }
}
