#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>Azure VMs and file shares from discovery to a completed job and a listed recovery point, through the cmdlets.</summary>
[Collection(SessionCollection.Name)]
public class VmAndFileShareWorkflowTests
{
    static BackupCmdlets.Emulator.EmulatorSettings Settings()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(300);
        settings.JobDuration = TimeSpan.FromMilliseconds(600);
        settings.RetryAfterSeconds = 0;
        return settings;
    }

    [Fact]
    public async Task An_Azure_VM_is_discovered_protected_backed_up_and_has_a_recovery_point()
    {
        await using var emulator = await TestEmulator.StartAsync(Settings());
        TestEmulator.Connect(emulator);

        // Invoke-BackupContainerRefresh -BackupManagementType AzureIaasVM -Wait
        Assert.Empty(Pipeline.Run(new InvokeBackupContainerRefreshCommand { BackupManagementType = "AzureIaasVM", WaitRequested = true }).Errors);

        // Get-BackupProtectableItem -WorkloadType VM -FriendlyName ad-primary-dc | Enable-BackupProtection -PolicyName DailyVMPolicy -Wait
        var enabled = Pipeline.Run(new GetBackupProtectableItemCommand { WorkloadType = "VM", FriendlyName = new[] { "ad-primary-dc" } })
            .Then(new EnableBackupProtectionCommand { PolicyName = "DailyVMPolicy", WaitRequested = true });
        var item = Assert.IsType<ProtectedItem>(Assert.Single(enabled.Output));
        Assert.Equal(("Microsoft.Compute/virtualMachines", "AzureIaasVM", "IRPending"), (item.ProtectedItemType, item.BackupManagementType, item.ProtectionState));
        Assert.Equal("IaasVMContainer;iaasvmcontainerv2;SQLServerPMDemo;ad-primary-dc", item.ContainerName);

        // ... | Start-BackupItem -RetainDays 30 | Wait-BackupOperation | Wait-BackupJob | Get-BackupRecoveryPoint
        var done = enabled
            .Then(new StartBackupItemCommand { RetainDays = 30 })
            .Then(new WaitBackupOperationCommand())
            .Then(new WaitBackupJobCommand { PollInterval = 0.2 });
        var job = Assert.IsType<BackupJob>(Assert.Single(done.Output));
        Assert.Empty(done.Errors);
        Assert.Equal(("Completed", "AzureIaaSVMJob", "ad-primary-dc"), (job.Status, job.JobType, job.EntityFriendlyName));
        var point = Assert.IsType<RecoveryPoint>(Assert.Single(done.Then(new GetBackupRecoveryPointCommand()).Output));
        Assert.Equal("IaasVMRecoveryPoint", point.ObjectType);
        Assert.Equal(job.EndTime, point.RecoveryPointTime);
        Assert.InRange(point.ExpiryTime!.Value, job.StartTime!.Value.AddDays(30).AddMinutes(-1), job.StartTime.Value.AddDays(30).AddMinutes(1));

        var after = Assert.IsType<ProtectedItem>(Assert.Single(Pipeline.Run(new GetBackupProtectedItemCommand { WorkloadType = "VM" }).Output));
        Assert.Equal(("Protected", "Completed", 1L), (after.ProtectionState, after.LastBackupStatus, after.RecoveryPointCount));

        // What the service received: the IaaS request kind, with the expiry and nothing else.
        var trigger = Assert.Single(emulator.Log.Entries, e => e.Method == "POST" && e.Path.EndsWith("/backup"));
        Assert.Contains("\"objectType\":\"IaasVMBackupRequest\"", trigger.Body);
        Assert.DoesNotContain("backupType", trigger.Body);
        Assert.Contains("recoveryPointExpiryTimeInUTC", trigger.Body);
    }

    [Fact]
    public async Task A_file_share_is_registered_inquired_protected_backed_up_and_has_a_recovery_point()
    {
        await using var emulator = await TestEmulator.StartAsync(Settings());
        TestEmulator.Connect(emulator);

        // Invoke-BackupContainerRefresh AzureStorage -Wait
        Assert.Empty(Pipeline.Run(new InvokeBackupContainerRefreshCommand { BackupManagementType = "AzureStorage", WaitRequested = true }).Errors);

        // Get-BackupProtectableContainer -BackupManagementType AzureStorage | Register-BackupContainer -Wait | Invoke-BackupContainerInquiry -Wait
        var inquired = Pipeline.Run(new GetBackupProtectableContainerCommand { BackupManagementType = "AzureStorage" })
            .Then(new RegisterBackupContainerCommand { WaitRequested = true })
            .Then(new InvokeBackupContainerInquiryCommand { WaitRequested = true });
        Assert.Empty(inquired.Errors);
        var container = Assert.IsType<ProtectionContainer>(Assert.Single(inquired.Output));
        Assert.Equal(("StorageContainer;Storage;SQLServerPMDemo;shopkartfiles", "StorageContainer", true), (container.Name, container.ContainerType, container.IsRegistered));

        // ... | Get-BackupProtectableItem -FriendlyName invoices | Enable-BackupProtection -PolicyName DailyFileSharePolicy -Wait
        var enabled = inquired
            .Then(new GetBackupProtectableItemCommand { FriendlyName = new[] { "invoices" } })
            .Then(new EnableBackupProtectionCommand { PolicyName = "DailyFileSharePolicy", WaitRequested = true });
        var item = Assert.IsType<ProtectedItem>(Assert.Single(enabled.Output));
        Assert.Equal(("AzureFileShareProtectedItem", "AzureStorage", "invoices"), (item.ProtectedItemType, item.BackupManagementType, item.FriendlyName));

        var expiry = DateTime.UtcNow.Date.AddDays(20);
        var done = enabled
            .Then(new StartBackupItemCommand { ExpiryDateTimeUtc = expiry, WaitRequested = true })
            .Then(new WaitBackupJobCommand { PollInterval = 0.2 });
        var job = Assert.IsType<BackupJob>(Assert.Single(done.Output));
        Assert.Empty(done.Errors);
        Assert.Equal(("Completed", "AzureStorageJob", "shopkartfiles"), (job.Status, job.JobType, job.StorageAccountName));
        var point = Assert.IsType<RecoveryPoint>(Assert.Single(done.Then(new GetBackupRecoveryPointCommand()).Output));
        Assert.Equal(("AzureFileShareRecoveryPoint", "FileSystemConsistent"), (point.ObjectType, point.RecoveryPointType));
        Assert.Equal(new DateTimeOffset(expiry, TimeSpan.Zero), point.ExpiryTime);

        // What the service received: the storage account registered with its lock, the share inquired, the file share request kind.
        var bodies = emulator.Log.Entries.Where(e => e.Body != null).ToList();
        Assert.Contains(bodies, e => e.Method == "PUT" && e.Body!.Contains("\"acquireStorageAccountLock\":\"Acquire\"") && !e.Body.Contains("workloadType"));
        Assert.Contains(emulator.Log.Entries, e => e.Path.EndsWith("/inquire") && Uri.UnescapeDataString(e.Query).Contains("workloadType EQ 'AzureFileShare'"));
        var trigger = Assert.Single(bodies, e => e.Path.EndsWith("/backup"));
        Assert.Equal("""{"properties":{"objectType":"AzureFileShareBackupRequest","recoveryPointExpiryTimeInUTC":"EXPIRY"}}""".Replace("EXPIRY", expiry.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")), trigger.Body);
    }
}
#endif
