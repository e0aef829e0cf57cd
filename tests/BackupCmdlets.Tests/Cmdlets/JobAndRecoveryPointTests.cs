#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>Stop-BackupJob, Get-BackupRecoveryPoint and the job list's time range, against the emulator.</summary>
[Collection(SessionCollection.Name)]
public class JobAndRecoveryPointTests
{
    static async Task<(BackupCmdlets.Emulator.EmulatorHost Emulator, ProtectedItem Item)> ProtectedAsync(TimeSpan jobDuration)
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = jobDuration;
        var emulator = await TestEmulator.StartAsync(settings);
        await Workflow.Prepared.RegisteredAndInquiredAsync(emulator);
        BackupSession.Current = new BackupContext(TestEmulator.Client(emulator), TestEmulator.VaultId, "Emulator", null);
        var policy = Pipeline.Run(new GetBackupPolicyCommand { Name = new[] { "HourlyLogBackup" } }).OutputOf<BackupPolicy>().Single();
        var item = Pipeline.Run(new GetBackupProtectableItemCommand { FriendlyName = new[] { "msdb" } })
            .Then(new EnableBackupProtectionCommand { Policy = policy, WaitRequested = true }).OutputOf<ProtectedItem>().Single();
        return (emulator, item);
    }

    [Fact]
    public async Task A_running_backup_is_cancelled_and_leaves_no_recovery_point()
    {
        var (emulator, item) = await ProtectedAsync(TimeSpan.FromSeconds(30));
        await using var _ = emulator;
        var job = Pipeline.Run(new StartBackupItemCommand { WaitRequested = true }, new object[] { item }).OutputOf<BackupJob>().Single();

        var whatIf = Pipeline.Run(new StopBackupJobCommand(), new object[] { job }, confirm: false);
        Assert.Empty(whatIf.Output);
        Assert.DoesNotContain(emulator.Log.Entries, e => e.Path.EndsWith("/cancel"));

        var cancelled = Assert.Single(Pipeline.Run(new StopBackupJobCommand { WaitRequested = true }, new object[] { job }).AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("Cancelled", cancelled.Status);
        Assert.Equal(job.JobId, cancelled.JobId);
        Assert.Equal("Cancelled", emulator.State.Vaults.Single().Jobs[job.JobId].Status);
        Assert.Empty(Pipeline.Run(new GetBackupRecoveryPointCommand(), new object[] { item }).Output);

        // A job that is over cannot be cancelled: its own error, in the service's words.
        var again = Pipeline.Run(new StopBackupJobCommand { JobId = job.JobId, WaitRequested = true });
        var error = Assert.Single(again.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.Category);
        Assert.Contains("only a job in progress", error.Exception.Message);
    }

    [Fact]
    public async Task Recovery_points_are_listed_from_the_item_and_from_the_job_that_made_them()
    {
        var (emulator, item) = await ProtectedAsync(TimeSpan.FromMilliseconds(300));
        await using var _ = emulator;
        var first = Pipeline.Run(new StartBackupItemCommand { WaitRequested = true }, new object[] { item }).Then(new WaitBackupJobCommand { PollInterval = 0.1 }).OutputOf<BackupJob>().Single();
        await Task.Delay(1100); // the service's time filter counts whole seconds
        var second = Pipeline.Run(new StartBackupItemCommand { BackupType = "CopyOnlyFull", WaitRequested = true }, new object[] { item }).Then(new WaitBackupJobCommand { PollInterval = 0.1 }).OutputOf<BackupJob>().Single();

        var all = Pipeline.Run(new GetBackupRecoveryPointCommand(), new object[] { item }).OutputOf<RecoveryPoint>().ToList();
        Assert.Equal(new[] { "CopyOnlyFull", "Full" }, all.Select(p => p.RecoveryPointType)); // newest first

        var fromSecondJob = Assert.Single(Pipeline.Run(new GetBackupRecoveryPointCommand(), new object[] { second }).OutputOf<RecoveryPoint>());
        Assert.Equal("CopyOnlyFull", fromSecondJob.RecoveryPointType);
        Assert.Equal("Full", Assert.Single(Pipeline.Run(new GetBackupRecoveryPointCommand(), new object[] { first }).OutputOf<RecoveryPoint>()).RecoveryPointType);

        var since = Pipeline.Run(new GetBackupRecoveryPointCommand { From = second.StartTime!.Value.UtcDateTime.AddMilliseconds(-1) }, new object[] { item }).OutputOf<RecoveryPoint>();
        Assert.Equal("CopyOnlyFull", Assert.Single(since).RecoveryPointType);
        Assert.Contains("startDate eq", Uri.UnescapeDataString(emulator.Log.Entries.Last(e => e.Path.EndsWith("/recoveryPoints")).Query));

        var byId = Pipeline.Run(new GetBackupRecoveryPointCommand { Id = all[1].Name }, new object[] { item }).OutputOf<RecoveryPoint>();
        Assert.Equal(all[1].Id, Assert.Single(byId).Id);
        var missing = Pipeline.Run(new GetBackupRecoveryPointCommand { Id = "12345" }, new object[] { item });
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(missing.Errors).Category);

        var jobs = Pipeline.Run(new GetBackupJobCommand { From = second.StartTime!.Value.UtcDateTime.AddSeconds(-0.5) }).OutputOf<BackupJob>();
        Assert.Equal(second.JobId, Assert.Single(jobs).JobId);
    }
}
#endif
