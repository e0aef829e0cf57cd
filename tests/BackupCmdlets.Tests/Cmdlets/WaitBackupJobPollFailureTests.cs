using System.Management.Automation;
using BackupCmdlets.Client;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// A job read is a poll (docs/errors-and-retries.md, "Waiting"): Wait-BackupJob reads again after a slow or
/// failed read, as an operation wait does, and gives up only after PollFailureLimit failures in a row, with an
/// error that says the job may still be running.
/// </summary>
public class WaitBackupJobPollFailureTests
{
    const string JobRead = "/backupJobs/[^/]+$";

    /// <summary>A connected runspace (no pipeline retries, a short network timeout) with msdb's backup job in $job, still running.</summary>
    static async Task<(EmulatorHost, PowerShellSession)> RunningJobAsync()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.JobDuration = TimeSpan.FromSeconds(2);
        settings.RetryAfterSeconds = 0;
        var emulator = await TestEmulator.StartAsync(settings);
        var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        ps.Run("Connect-TestBackupVault -ResourceManagerUrl $url -PollSeconds 0.1 -MaxRetries 0 -RetryDelaySeconds 0.02 -MaxRetryDelaySeconds 0.1 -NetworkTimeoutSeconds 0.5 | Out-Null",
            ("url", emulator.BaseUri)).AssertNoErrors();
        ps.Run("""
            $job = Get-BackupProtectableItem -ProtectableItemType SQLDataBase -FriendlyName msdb |
                Enable-BackupProtection -Policy (Get-BackupPolicy -Name HourlyLogBackup) -Wait |
                Start-BackupItem -BackupType Full | Wait-BackupOperation
            """).AssertNoErrors();
        Assert.Equal("InProgress", ps.Run("$job").OutputOf<BackupJob>().Single().Status);
        return (emulator, ps);
    }

    [Fact]
    public async Task A_slow_job_read_is_read_again_and_the_wait_completes()
    {
        var (emulator, ps) = await RunningJobAsync();
        await using var _ = emulator;
        using var __ = ps;
        // The first read answers after the client has given up on it (0.5 s); without retries in the pipeline, only the wait can read again.
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.Delay, Method = "GET", PathPattern = JobRead, DelayMilliseconds = 2000, Times = 1 });

        var job = Assert.Single(ps.Run("$job | Wait-BackupJob").AssertNoErrors().OutputOf<BackupJob>());

        Assert.Equal("Completed", job.Status);
        Assert.Single(emulator.Ledger.Of(Ledger.FaultInjected));
    }

    [Fact]
    public async Task Reads_that_keep_failing_end_the_wait_after_the_poll_failure_limit_saying_the_job_may_still_run()
    {
        var (emulator, ps) = await RunningJobAsync();
        await using var _ = emulator;
        using var __ = ps;
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.Drop, Method = "GET", PathPattern = JobRead, Times = null });
        var before = emulator.Log.Entries.Count(r => r.Method == "GET" && r.Path.Contains("/backupJobs/", StringComparison.OrdinalIgnoreCase));

        var error = ps.Caught("$job | Wait-BackupJob -ErrorAction Stop").Terminating();

        var limit = new BackupClientOptions().PollFailureLimit;
        var reads = emulator.Log.Entries.Count(r => r.Method == "GET" && r.Path.Contains("/backupJobs/", StringComparison.OrdinalIgnoreCase)) - before;
        Assert.Equal(limit + 1, reads);
        var e = Assert.IsType<BackupJobException>(error.Exception);
        Assert.Contains($"failed {limit + 1} times in a row; it may still be running", e.Message);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category); // as a wait that ran out of time: wait again
        Assert.IsType<BackupConnectionException>(e.InnerException);
    }
}
