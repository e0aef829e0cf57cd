using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>Azure VMs and file shares from discovery to a completed job and a listed recovery point, through the cmdlets in a real runspace.</summary>
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
        using var ps = PowerShellSession.Connected(emulator);

        var refresh = ps.Run("Invoke-BackupContainerRefresh -BackupManagementType AzureIaasVM -Wait").AssertNoErrors();
        Assert.Equal("Succeeded", Assert.Single(refresh.OutputOf<BackupOperation>()).Status);

        var enabled = ps.Run("""
            $enabled = Get-BackupProtectableItem -WorkloadType VM -FriendlyName ad-primary-dc | Enable-BackupProtection -PolicyName DailyVMPolicy -Wait
            $enabled
            """).AssertNoErrors();
        var item = Assert.Single(enabled.OutputOf<ProtectedItem>());
        Assert.Single(enabled.Output);
        Assert.Equal(("Microsoft.Compute/virtualMachines", "AzureIaasVM", "IRPending"), (item.ProtectedItemType, item.BackupManagementType, item.ProtectionState));
        Assert.Equal("IaasVMContainer;iaasvmcontainerv2;SQLServerPMDemo;ad-primary-dc", item.ContainerName);

        var done = ps.Run("""
            $job = $enabled | Start-BackupItem -RetainDays 30 | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.2
            $job
            """).AssertNoErrors();
        Assert.Single(done.Output);
        var job = Assert.Single(done.OutputOf<BackupJob>());
        Assert.Equal(("Completed", "AzureIaaSVMJob", "ad-primary-dc"), (job.Status, job.JobType, job.EntityFriendlyName));

        var points = ps.Run("$job | Get-BackupRecoveryPoint").AssertNoErrors();
        Assert.Single(points.Output);
        var point = Assert.Single(points.OutputOf<RecoveryPoint>());
        Assert.Equal("IaasVMRecoveryPoint", point.ObjectType);
        Assert.Equal(job.EndTime, point.RecoveryPointTime);
        Assert.InRange(point.ExpiryTime!.Value, job.StartTime!.Value.AddDays(30).AddMinutes(-1), job.StartTime.Value.AddDays(30).AddMinutes(1));

        var afterRun = ps.Run("Get-BackupProtectedItem -WorkloadType VM").AssertNoErrors();
        Assert.Single(afterRun.Output);
        var after = Assert.Single(afterRun.OutputOf<ProtectedItem>());
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
        using var ps = PowerShellSession.Connected(emulator);

        var refresh = ps.Run("Invoke-BackupContainerRefresh -BackupManagementType AzureStorage -Wait").AssertNoErrors();
        Assert.Equal("Succeeded", Assert.Single(refresh.OutputOf<BackupOperation>()).Status);

        var inquired = ps.Run("""
            $container = Get-BackupProtectableContainer -BackupManagementType AzureStorage | Register-BackupContainer -Wait | Invoke-BackupContainerInquiry -Wait
            $container
            """).AssertNoErrors();
        Assert.Single(inquired.Output);
        var container = Assert.Single(inquired.OutputOf<ProtectionContainer>());
        Assert.Equal(("StorageContainer;Storage;SQLServerPMDemo;shopkartfiles", "StorageContainer", true), (container.Name, container.ContainerType, container.IsRegistered));

        // The container is piped in by value: Get-BackupProtectableItem lists that container's shares.
        var enabled = ps.Run("""
            $enabled = $container | Get-BackupProtectableItem -FriendlyName invoices | Enable-BackupProtection -PolicyName DailyFileSharePolicy -Wait
            $enabled
            """).AssertNoErrors();
        Assert.Single(enabled.Output);
        var item = Assert.Single(enabled.OutputOf<ProtectedItem>());
        Assert.Equal(("AzureFileShareProtectedItem", "AzureStorage", "invoices"), (item.ProtectedItemType, item.BackupManagementType, item.FriendlyName));

        var expiry = DateTime.UtcNow.Date.AddDays(20);
        var done = ps.Run("""
            $job = $enabled | Start-BackupItem -ExpiryDateTimeUtc $expiry -Wait | Wait-BackupJob -PollInterval 0.2
            $job
            """, ("expiry", expiry)).AssertNoErrors();
        Assert.Single(done.Output);
        var job = Assert.Single(done.OutputOf<BackupJob>());
        Assert.Equal(("Completed", "AzureStorageJob", "shopkartfiles"), (job.Status, job.JobType, job.StorageAccountName));

        var points = ps.Run("$job | Get-BackupRecoveryPoint").AssertNoErrors();
        Assert.Single(points.Output);
        var point = Assert.Single(points.OutputOf<RecoveryPoint>());
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
