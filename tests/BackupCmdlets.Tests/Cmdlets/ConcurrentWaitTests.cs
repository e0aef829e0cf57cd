using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>Ten backups of three workloads waited on at once end when the slowest ends, by the service's clock.</summary>
public class ConcurrentWaitTests
{
    [Fact]
    public async Task Waiting_on_ten_jobs_at_once_ends_when_the_slowest_job_ends()
    {
        var clock = new ScaledClock(120); // a second of test is two minutes of service time
        var settings = TestEmulator.FastSettings();
        settings.Clock = clock;
        settings.OperationDuration = TimeSpan.FromSeconds(6);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.FromMinutes(10);
        settings.TokenLifetime = TimeSpan.FromDays(30);
        await using var emulator = await TestEmulator.StartAsync(settings);

        // Set-up through the client: ten protected items of the three workloads.
        var client = TestEmulator.Client(emulator, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(20));
        await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");
        var items = new List<ProtectedItem>();
        foreach (var db in new[] { "master", "model", "msdb", "SalesDB", "InventoryDB" }) items.Add(await EmulatorSteps.ProtectAsync(client, db));
        foreach (var vm in new[] { "sqlserver-0", "ad-primary-dc", "ad-secondry-dc" }) items.Add(await EmulatorSteps.ProtectVmAsync(client, vm));
        foreach (var share in new[] { "invoices", "reports" }) items.Add(await EmulatorSteps.ProtectFileShareAsync(client, share));

        using var ps = PowerShellSession.Start();
        ps.Run("Connect-TestBackupVault -ResourceManagerUrl $url -PollSeconds 0.02", ("url", emulator.BaseUri)).AssertNoErrors();

        // $item | Start-BackupItem | Wait-BackupOperation, one item at a time, so the jobs start (and end) at different times.
        var jobs = new List<BackupJob>();
        foreach (var item in items)
        {
            jobs.Add(Assert.Single(ps.Run("$item | Start-BackupItem | Wait-BackupOperation", ("item", item)).AssertNoErrors().OutputOf<BackupJob>()));
            await Task.Delay(50);
        }
        Assert.Equal(10, jobs.Select(j => j.JobId).Distinct().Count());
        var started = clock.GetUtcNow();

        // -PollInterval 0.1 is the least Wait-BackupJob accepts (12 s of service time here).
        var done = ps.Run("Wait-BackupJob -Job $jobs -PollInterval 0.1", ("jobs", jobs.ToArray())).AssertNoErrors().OutputOf<BackupJob>().ToList();
        var returned = clock.GetUtcNow();

        Assert.Equal(10, done.Count);
        Assert.Equal(jobs.Select(j => j.JobId).Order(), done.Select(j => j.JobId).Order());
        Assert.All(done, j => Assert.Equal("Completed", j.Status));
        var slowest = done.Max(j => j.EndTime!.Value);
        Assert.True(returned >= slowest, $"returned at {returned:O}, before the slowest job ended at {slowest:O}");
        // One after another, ten ten-minute jobs could take up to 100 minutes of service time; at once, the slowest's end and a few
        // polls. Five minutes is half a job, and 2.5 s of test time: room for a loaded machine.
        Assert.True(returned - slowest < TimeSpan.FromMinutes(5), $"returned {returned - slowest} after the slowest job ended (waited {returned - started} of service time)");
    }
}
