using System.Text.Json;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.ClientTests;

/// <summary>Each client operation once against the emulator, in workflow order, checking what it returns.</summary>
public class OperationTests
{
    static async Task<List<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var i in items) list.Add(i);
        return list;
    }

    [Fact]
    public async Task Every_operation_of_the_workflow_returns_what_the_service_holds()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(200);
        settings.RetryAfterSeconds = 0;
        // Long enough that the job is still running after the trigger's operation is polled to its end on a loaded machine.
        settings.JobDuration = TimeSpan.FromSeconds(2);
        await using var emulator = await TestEmulator.StartAsync(settings);
        var client = TestEmulator.Client(emulator);
        var vault = TestEmulator.VaultId;

        var v = await client.GetVaultAsync(vault);
        Assert.Equal(("SQLServer2012", "westcentralus", "Succeeded"), (v.Name, v.Location, v.ProvisioningState));

        Assert.Empty(await All(client.ListProtectableContainersAsync(vault)));
        Assert.Null(await client.WaitForOperationAsync(await client.RefreshContainersAsync(vault)));
        var protectable = await All(client.ListProtectableContainersAsync(vault));
        Assert.Equal(5, protectable.Count); // sqlserver-0, the two domain controllers and the availability group's two nodes
        var sql = protectable.Single(c => c.FriendlyName == "sqlserver-0");
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SQLServerPMDemo/providers/Microsoft.Compute/virtualMachines/sqlserver-0", sql.ContainerId);

        var registered = (ProtectionContainer)(await client.WaitForOperationAsync(await client.RegisterContainerAsync(sql)))!;
        Assert.True(registered.IsRegistered);
        Assert.Null(registered.InquiryStatus);
        Assert.Equal(registered.Name, (await client.GetContainerAsync(vault, registered.Name)).Name);
        Assert.Single(await All(client.ListContainersAsync(vault)));
        Assert.Equal(4, (await All(client.ListProtectableContainersAsync(vault))).Count); // a registered VM is no longer protectable

        var inquired = (ProtectionContainer)(await client.WaitForOperationAsync(await client.InquireAsync(registered)))!;
        Assert.Equal(("Success", 6L), (inquired.InquiryStatus, inquired.InquiryItemCount));
        Assert.Equal("sqlserver-0.shopkart.com", inquired.HostServerName);

        var items = await All(client.ListProtectableItemsAsync(vault, workloadType: "SQLDataBase"));
        Assert.Equal(6, items.Count);
        var msdb = items.Single(i => i.FriendlyName == "msdb");
        Assert.Equal(("MSSQLSERVER", "NotProtected", registered.Name), (msdb.ParentName, msdb.ProtectionState, msdb.ContainerName));

        var policies = await All(client.ListPoliciesAsync(vault, "AzureWorkload"));
        var policy = Assert.Single(policies);
        Assert.Equal("DailyVMPolicy", Assert.Single(await All(client.ListPoliciesAsync(vault, "AzureIaasVM"))).Name);
        Assert.Equal(policy.Id, (await client.GetPolicyAsync(vault, "hourlylogbackup")).Id);

        var item = (ProtectedItem)(await client.WaitForOperationAsync(await client.EnableProtectionAsync(msdb, policy)))!;
        Assert.Equal(("IRPending", "HourlyLogBackup"), (item.ProtectionState, item.PolicyName));
        Assert.Equal(item.Id, (await client.GetProtectedItemAsync(vault, item.ContainerName, item.Name)).Id);
        Assert.Single(await All(client.ListProtectedItemsAsync(vault)));
        Assert.Equal("Protected", (await All(client.ListProtectableItemsAsync(vault))).Single(i => i.FriendlyName == "msdb").ProtectionState);
        Assert.Equal(1, (await client.GetPolicyAsync(vault, "HourlyLogBackup")).ProtectedItemsCount);

        var operation = await client.TriggerBackupAsync(item, new BackupRequestOptions { BackupType = "CopyOnlyFull" });
        var job = (BackupJob)(await client.WaitForOperationAsync(operation))!;
        Assert.Equal(job.JobId, operation.JobId);
        Assert.Equal(("InProgress", "CopyOnlyFull", "msdb"), (job.Status, job.BackupType, job.EntityFriendlyName));
        Assert.Equal(job.JobId, (await client.GetJobAsync(vault, job.JobId)).JobId);
        Assert.Single(await All(client.ListJobsAsync(vault, status: "InProgress", operation: "Backup", backupManagementType: "AzureWorkload")));

        var updates = new List<string>();
        var done = await client.WaitForJobAsync(job, pollInterval: TimeSpan.FromMilliseconds(100), onUpdate: j => updates.Add(j.Status));
        Assert.True(done.IsSuccessful);
        Assert.Equal("Completed", updates.Last());
        Assert.Empty(await All(client.ListJobsAsync(vault, status: "InProgress")));

        var after = await client.GetProtectedItemAsync(vault, item.ContainerName, item.Name);
        Assert.Equal(("Protected", "Healthy", 1L), (after.ProtectionState, after.LastBackupStatus, after.RecoveryPointCount));
        var point = Assert.Single(await All(client.ListRecoveryPointsAsync(after)));
        Assert.Equal("CopyOnlyFull", point.RecoveryPointType);
        Assert.Equal(after.LastBackupTime, point.RecoveryPointTime);
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("Cancelled")]
    public async Task A_job_that_ends_badly_is_an_error_with_its_details(string status)
    {
        var polls = 0;
        await using var server = await ScriptedServer.StartAsync((ctx, s) =>
        {
            var body = ++polls < 2 ? Bodies.Job("j1", "InProgress")
                : Bodies.Job("j1", status).Replace("\"backupManagementType\":\"AzureWorkload\"",
                    "\"backupManagementType\":\"AzureWorkload\",\"errorDetails\":[{\"errorCode\":400002,\"errorString\":\"The VM is not running.\",\"recommendations\":[\"Start the VM.\"]}]");
            return ScriptedServer.Json(ctx, 200, body);
        });
        var job = new BackupJob(JsonDocument.Parse(Bodies.Job("j1", "InProgress")).RootElement);
        var e = await Assert.ThrowsAsync<BackupJobException>(() => server.Client().WaitForJobAsync(job, pollInterval: TimeSpan.FromMilliseconds(20)));
        Assert.Equal(status, e.Job.Status);
        Assert.Equal("400002", e.ErrorCode);
        Assert.Equal("Start the VM.", Assert.Single(e.Recommendations));
        Assert.Contains("The VM is not running.", e.Message);
    }

    [Fact]
    public async Task A_job_wait_that_times_out_names_the_job()
    {
        await using var server = await ScriptedServer.StartAsync((ctx, s) => ScriptedServer.Json(ctx, 200, Bodies.Job("j2", "InProgress")));
        var job = new BackupJob(JsonDocument.Parse(Bodies.Job("j2", "InProgress")).RootElement);
        var e = await Assert.ThrowsAsync<BackupJobException>(() => server.Client().WaitForJobAsync(job, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50)));
        Assert.Contains("j2", e.Message);
        Assert.Contains("Wait-BackupJob", e.Message);
        Assert.False(e.Job.IsTerminal);
    }
}
