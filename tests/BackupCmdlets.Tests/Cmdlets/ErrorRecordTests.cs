using System.Management.Automation;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Error records as users meet them (docs/errors-and-retries.md, "Errors you will see"): one bad item of a
/// pipeline, -ErrorAction Stop, and try/catch, with the service's code in the id and its recommendation in
/// ErrorDetails. The bad item is a database whose backup is still running: the service refuses a second
/// one with 409 UserErrorBackupOperationInProgress and a recommendation.
/// </summary>
public class ErrorRecordTests
{
    const string StartFailed = "UserErrorBackupOperationInProgress,StartBackupFailed,BackupCmdlets.Cmdlets.StartBackupItemCommand";
    const string WaitForTheJob = "Wait for the running backup job to finish.";

    /// <summary>master, model and msdb protected and in $items (sorted by name); model's backup job is running.</summary>
    static async Task<(EmulatorHost Emulator, PowerShellSession Ps)> ModelBackingUpAsync()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.FromSeconds(120); // still running when the test sends another backup
        var emulator = await TestEmulator.StartAsync(settings);
        var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        ps.Run("""
            $policy = Get-BackupPolicy -Name HourlyLogBackup
            $items = Get-BackupProtectableItem -ProtectableItemType SQLDataBase -FriendlyName master, model, msdb |
                Enable-BackupProtection -Policy $policy -Wait | Sort-Object FriendlyName
            $running = $items | Where-Object FriendlyName -eq model | Start-BackupItem -BackupType Full | Wait-BackupOperation
            """).AssertNoErrors();
        Assert.Equal(new[] { "master", "model", "msdb" }, ps.Run("$items").OutputOf<ProtectedItem>().Select(i => i.FriendlyName));
        Assert.Equal("InProgress", ps.Run("$running").OutputOf<BackupJob>().Single().Status);
        return (emulator, ps);
    }

    static int BackupJobsOf(EmulatorHost emulator, string database) =>
        emulator.State.Vaults.Single().Jobs.Values.Count(j => j.Operation == "Backup" && string.Equals(j.EntityFriendlyName, database, StringComparison.OrdinalIgnoreCase));

    static object Item(PowerShellSession ps, int index) => ps.Run($"$items[{index}]").Output.Single().BaseObject;

    [Fact]
    public async Task One_failing_item_writes_a_non_terminating_error_and_the_others_go_on()
    {
        var (emulator, ps) = await ModelBackingUpAsync();
        await using var _ = emulator;
        using var __ = ps;

        var run = ps.Run("""
            $items | Start-BackupItem -BackupType Full
            $global:succeeded = $?
            """);

        Assert.Null(run.Terminating);
        Assert.Equal(new[] { "master", "msdb" }, run.OutputOf<BackupOperation>().Select(o => o.TargetName).Order()); // msdb came after the failure; output is in the order of the answers
        var error = Assert.Single(run.Errors);
        Assert.Equal(StartFailed, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Same(Item(ps, 1), error.TargetObject);
        Assert.Equal(false, ps.Runspace.SessionStateProxy.GetVariable("succeeded"));
        Assert.Equal(1, BackupJobsOf(emulator, "model"));
        Assert.Equal(1, BackupJobsOf(emulator, "master"));
        Assert.Equal(1, BackupJobsOf(emulator, "msdb"));
    }

    [Fact]
    public async Task ErrorAction_Stop_stops_the_pipeline_at_the_first_error_and_keeps_every_accepted_backup()
    {
        var (emulator, ps) = await ModelBackingUpAsync();
        await using var _ = emulator;
        using var __ = ps;

        // Requests in flight when the failure arrives are answered, not lost: the operation variable holds them.
        var run = ps.Run("""
            $items | Start-BackupItem -BackupType Full -ErrorAction Stop -OperationVariable sent
            $global:reached = $true
            """);

        Assert.IsType<ActionPreferenceStopException>(run.Terminating);
        var error = run.AssertTerminated();
        Assert.Equal(StartFailed, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Same(Item(ps, 1), error.TargetObject);
        Assert.Empty(run.Errors);
        Assert.Null(ps.Runspace.SessionStateProxy.GetVariable("reached"));
        var accepted = ps.Run("$sent | ForEach-Object TargetName").Output.Select(o => (string)o.BaseObject).Order().ToArray();
        Assert.Equal(1, BackupJobsOf(emulator, "master"));
        Assert.Equal(new[] { "master" }.Concat(BackupJobsOf(emulator, "msdb") == 1 ? new[] { "msdb" } : []).ToArray(), accepted);
    }

    [Fact]
    public async Task ErrorAction_Stop_with_ThrottleLimit_1_sends_nothing_after_the_failing_item()
    {
        var (emulator, ps) = await ModelBackingUpAsync();
        await using var _ = emulator;
        using var __ = ps;

        var run = ps.Run("""
            $items | Start-BackupItem -BackupType Full -ErrorAction Stop -ThrottleLimit 1
            $global:reached = $true
            """);

        Assert.IsType<ActionPreferenceStopException>(run.Terminating);
        Assert.Same(Item(ps, 1), run.AssertTerminated().TargetObject);
        Assert.Null(ps.Runspace.SessionStateProxy.GetVariable("reached"));
        Assert.Equal(1, BackupJobsOf(emulator, "master")); // before the failing item
        Assert.Equal(0, BackupJobsOf(emulator, "msdb"));   // after it: never sent
        Assert.DoesNotContain(emulator.Log.Entries, r => r.Method == "POST" && r.Path.Contains("msdb", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Try_catch_gives_the_service_code_in_the_id_and_its_recommendation()
    {
        var (emulator, ps) = await ModelBackingUpAsync();
        await using var _ = emulator;
        using var __ = ps;

        var busy = ps.Caught("$items[1] | Start-BackupItem -BackupType Full -ErrorAction Stop").Terminating();
        Assert.Equal(StartFailed, busy.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, busy.CategoryInfo.Category);
        Assert.Equal(WaitForTheJob, busy.ErrorDetails?.RecommendedAction);
        var service = Assert.IsType<BackupServiceException>(busy.Exception);
        Assert.Equal(409, service.Status);
        Assert.False(string.IsNullOrEmpty(service.RequestId));
        Assert.Equal("UserErrorBackupOperationInProgress", service.ErrorCode); // in the id and the properties, not the message (issue 11)
        Assert.Equal($"{service.ServiceMessage} (request id {service.RequestId})", busy.Exception.Message);
        Assert.DoesNotContain(WaitForTheJob, busy.Exception.Message); // the recommendation once, in ErrorDetails

        var missing = ps.Caught("Get-BackupPolicy -Name NoSuchPolicy -ErrorAction Stop").Terminating();
        Assert.Equal("BMSUserErrorPolicyNotFound,GetPolicyFailed,BackupCmdlets.Cmdlets.GetBackupPolicyCommand", missing.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.CategoryInfo.Category);
        Assert.Equal("NoSuchPolicy", missing.TargetObject);
        Assert.Equal("List the vault's policies to see the names it has.", missing.ErrorDetails?.RecommendedAction);
    }

    [Fact]
    public async Task Without_a_recommendation_from_the_service_there_is_no_recommended_action()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var ps = PowerShellSession.Start();

        // The service's 404 for a vault carries a code and no recommendation.
        var e = ps.Caught("Connect-BackupVault -Environment Emulator -ResourceManagerUrl $url -SubscriptionId $sub -ResourceGroupName SQLServerSelfHost -Name Missing",
            ("url", emulator.BaseUri), ("sub", TestEmulator.Subscription)).Terminating();
        Assert.Equal("ResourceNotFound,ConnectFailed,BackupCmdlets.Cmdlets.ConnectBackupVaultCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal($"/subscriptions/{TestEmulator.Subscription}/resourceGroups/SQLServerSelfHost/providers/Microsoft.RecoveryServices/vaults/Missing", e.TargetObject?.ToString());
        Assert.Null(e.ErrorDetails);
        Assert.Empty(Assert.IsType<BackupServiceException>(e.Exception).Recommendations);
    }
}
