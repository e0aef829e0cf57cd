using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Wait-BackupJob's polls follow the job: a job that ends is seen within max(2 s, 10 % of its running time),
/// with few reads for a long one. Proved on the emulator's fast clock (two hours of service time in seconds),
/// where every time compared is the emulator's: the job's end, and when the read that saw it arrived.
/// </summary>
public class WaitBackupJobScheduleTests
{
    [Fact]
    public async Task A_long_job_is_seen_finished_within_a_tenth_of_its_running_time_with_few_reads()
    {
        const double scale = 1000;
        var jobTime = TimeSpan.FromHours(2); // 7.2 s of test
        var settings = TestEmulator.FastSettings();
        settings.Clock = new ScaledClock(scale);
        settings.RetryAfterSeconds = 0;
        settings.TokenLifetime = TimeSpan.FromDays(3650);
        settings.JobDuration = jobTime;
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        ps.Run("Get-BackupProtectableItem -Name msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait | Out-Null").AssertNoErrors();
        // The shortest interval at a tenth of a second (60 s of service time at this pace): the default 2 s would be 33 minutes here.
        ps.Run("Connect-TestBackupVault -ResourceManagerUrl $url -PollSeconds 0.1 -NoVaultRead | Out-Null", ("url", emulator.BaseUri)).AssertNoErrors();
        var job = Assert.Single(ps.Run("Get-BackupProtectedItem -Name msdb | Start-BackupItem -BackupType Full -Wait").AssertNoErrors().OutputOf<BackupJob>());
        var before = emulator.Log.Count;

        var done = Assert.Single(ps.Run("$job | Wait-BackupJob", ("job", job)).AssertNoErrors().OutputOf<BackupJob>());

        Assert.Equal("Completed", done.Status);
        var reads = emulator.Log.Entries.Skip(before).Where(e => e.Method == "GET" && e.Path.EndsWith("/backupJobs/" + job.JobId, StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Sequence).ToList();
        var late = reads[^1].ReceivedAt - done.EndTime!.Value;
        var allowed = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(2).Ticks, jobTime.Ticks / 10));
        Assert.True(late <= allowed, $"the end was seen {late} after it happened (allowed {allowed}), after {reads.Count} reads");
        // Backing off: polled at the shortest interval all along, this job would take about 72 reads; a fixed 15 s, one read 2 h late.
        Assert.True(reads.Count <= 40, $"{reads.Count} reads for one job");
        var firstGap = reads[1].ReceivedAt - reads[0].ReceivedAt;
        var lastGap = reads[^1].ReceivedAt - reads[^2].ReceivedAt;
        Assert.True(lastGap > 4 * firstGap, $"the interval grew with the job: first {firstGap}, last {lastGap}");
    }

    [Fact]
    public async Task An_explicit_PollInterval_is_a_fixed_interval()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(200);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.FromSeconds(3);
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        ps.Run("Get-BackupProtectableItem -Name msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait | Out-Null").AssertNoErrors();
        var job = Assert.Single(ps.Run("Get-BackupProtectedItem -Name msdb | Start-BackupItem -BackupType Full -Wait").AssertNoErrors().OutputOf<BackupJob>());
        var before = emulator.Log.Count;

        ps.Run("$job | Wait-BackupJob -PollInterval 0.5", ("job", job)).AssertNoErrors();

        var reads = emulator.Log.Entries.Skip(before).Where(e => e.Method == "GET" && e.Path.Contains("/backupJobs/")).OrderBy(e => e.Sequence).Select(e => e.ReceivedAt).ToList();
        Assert.True(reads.Count >= 2, $"{reads.Count} reads");
        // Never sooner than asked (this session's own schedule would read every 0.2 s), and about as often as asked:
        // the median gap, so that one stall of a loaded machine does not decide it.
        var gaps = reads.Zip(reads.Skip(1), (a, b) => (b - a).TotalMilliseconds).Order().ToList();
        Assert.All(gaps, gap => Assert.True(gap >= 450, $"a read {gap} ms after the last"));
        Assert.InRange(gaps[gaps.Count / 2], 450, 1500);
    }
}
