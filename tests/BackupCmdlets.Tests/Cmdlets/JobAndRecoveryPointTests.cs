using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>Stop-BackupJob, Get-BackupRecoveryPoint and the job list's time range, typed into a real runspace against the emulator.</summary>
public class JobAndRecoveryPointTests
{
    /// <summary>A connected runspace in which $item is msdb, protected through the cmdlets.</summary>
    static async Task<(EmulatorHost Emulator, PowerShellSession Ps, ProtectedItem Item)> ProtectedAsync(TimeSpan jobDuration)
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = jobDuration;
        var emulator = await TestEmulator.StartAsync(settings);
        var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        var item = Assert.Single(ps.Run("""
            $policy = Get-BackupPolicy -Name HourlyLogBackup
            $item = Get-BackupProtectableItem -FriendlyName msdb | Enable-BackupProtection -Policy $policy -Wait
            $item
            """).AssertNoErrors().OutputOf<ProtectedItem>());
        return (emulator, ps, item);
    }

    [Fact]
    public async Task A_running_backup_is_cancelled_and_leaves_no_recovery_point()
    {
        var (emulator, ps, item) = await ProtectedAsync(TimeSpan.FromSeconds(30));
        await using var _ = emulator;
        using var __ = ps;
        var job = Assert.Single(ps.Run("$job = $item | Start-BackupItem -Wait; $job").AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("InProgress", job.Status);

        var whatIf = ps.Run("$job | Stop-BackupJob -WhatIf").AssertNoErrors();
        Assert.Empty(whatIf.Output);
        Assert.DoesNotContain(emulator.Log.Entries, e => e.Path.EndsWith("/cancel"));
        Assert.Equal("InProgress", emulator.State.Vaults.Single().Jobs[job.JobId].Status);

        var cancelled = Assert.Single(ps.Run("$job | Stop-BackupJob -Wait").AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("Cancelled", cancelled.Status);
        Assert.Equal(job.JobId, cancelled.JobId);
        Assert.Equal("Cancelled", emulator.State.Vaults.Single().Jobs[job.JobId].Status);
        Assert.Empty(ps.Run("$item | Get-BackupRecoveryPoint").AssertNoErrors().Output);

        // A job that is over cannot be cancelled: its own error, in the service's words, and the pipeline goes on.
        var again = ps.Run(StatementTerminating.Stops("Stop-BackupJob -JobId $job.JobId -Wait"));
        Assert.Null(again.TerminatingError);
        var error = Assert.Single(again.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.EndsWith("StopJobFailed,BackupCmdlets.Cmdlets.StopBackupJobCommand", error.FullyQualifiedErrorId);
        Assert.Contains("only a job in progress", error.Exception.Message);
    }

    [Fact]
    public async Task Recovery_points_are_listed_from_the_item_and_from_the_job_that_made_them()
    {
        var (emulator, ps, item) = await ProtectedAsync(TimeSpan.FromMilliseconds(300));
        await using var _ = emulator;
        using var __ = ps;
        var first = Assert.Single(ps.Run("$first = $item | Start-BackupItem -Wait | Wait-BackupJob -PollInterval 0.1; $first").AssertNoErrors().OutputOf<BackupJob>());
        await Task.Delay(1100); // the service's time filter counts whole seconds
        var second = Assert.Single(ps.Run("$second = $item | Start-BackupItem -BackupType CopyOnlyFull -Wait | Wait-BackupJob -PollInterval 0.1; $second").AssertNoErrors().OutputOf<BackupJob>());

        var all = ps.Run("$item | Get-BackupRecoveryPoint").AssertNoErrors().OutputOf<RecoveryPoint>().ToList();
        Assert.Equal(new[] { "CopyOnlyFull", "Full" }, all.Select(p => p.RecoveryPointType)); // newest first

        // A job on the pipeline binds to -Job (the ByJob set), an item to -InputObject.
        var fromSecondJob = Assert.Single(ps.Run("$second | Get-BackupRecoveryPoint").AssertNoErrors().OutputOf<RecoveryPoint>());
        Assert.Equal("CopyOnlyFull", fromSecondJob.RecoveryPointType);
        Assert.Equal("Full", Assert.Single(ps.Run("$first | Get-BackupRecoveryPoint").AssertNoErrors().OutputOf<RecoveryPoint>()).RecoveryPointType);

        var since = ps.Run("$item | Get-BackupRecoveryPoint -From $since", ("since", second.StartTime!.Value.UtcDateTime.AddMilliseconds(-1))).AssertNoErrors().OutputOf<RecoveryPoint>();
        Assert.Equal("CopyOnlyFull", Assert.Single(since).RecoveryPointType);
        Assert.Contains("startDate eq", Uri.UnescapeDataString(emulator.Log.Entries.Last(e => e.Path.EndsWith("/recoveryPoints")).Query));

        var byId = ps.Run("$item | Get-BackupRecoveryPoint -Id $id", ("id", all[1].Name)).AssertNoErrors().OutputOf<RecoveryPoint>();
        Assert.Equal(all[1].Id, Assert.Single(byId).Id);
        var missing = ps.Run(StatementTerminating.Stops("$item | Get-BackupRecoveryPoint -Id 12345"));
        Assert.Null(missing.TerminatingError);
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(missing.Errors).CategoryInfo.Category);

        var jobs = ps.Run("Get-BackupJob -From $from", ("from", second.StartTime!.Value.UtcDateTime.AddSeconds(-0.5))).AssertNoErrors().OutputOf<BackupJob>();
        Assert.Equal(second.JobId, Assert.Single(jobs).JobId);
    }
}
