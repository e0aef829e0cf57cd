using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Jobs of all three workloads in every state, on a clock the test moves, listed two to a page:
/// Get-BackupJob reads every page and each filter is applied by the service.
/// </summary>
public sealed class JobHistory : IAsyncLifetime
{
    public EmulatorHost Emulator { get; private set; } = null!;
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public DateTimeOffset FirstDay { get; private set; }

    public async Task InitializeAsync()
    {
        var settings = TestEmulator.FastSettings(pageSize: 2);
        settings.Clock = Clock;
        settings.OperationDuration = TimeSpan.Zero; // done by the next request, whatever the clock says
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.FromHours(1);
        settings.TokenLifetime = TimeSpan.FromDays(30);
        Emulator = await TestEmulator.StartAsync(settings);
        var client = TestEmulator.Client(Emulator, o => o.DefaultPollInterval = TimeSpan.FromMilliseconds(10));
        await EmulatorSteps.RegisterAndInquireAsync(client, "sqlserver-0");
        var sql = await EmulatorSteps.ProtectAsync(client, "msdb");
        var vm = await EmulatorSteps.ProtectVmAsync(client, "ad-primary-dc");
        var share = await EmulatorSteps.ProtectFileShareAsync(client, "invoices");
        FirstDay = Clock.GetUtcNow();

        foreach (var item in new[] { sql, vm, share }) await client.TriggerBackupAsync(item); // these three complete...
        Clock.Advance(TimeSpan.FromHours(2));
        await client.TriggerBackupAsync(sql); // ...this one completes in the day that follows...
        var cancelled = (BackupJob)(await client.WaitForOperationAsync(await client.TriggerBackupAsync(vm)))!;
        await client.WaitForOperationAsync(await client.CancelJobAsync(cancelled)); // ...this one is cancelled...
        Clock.Advance(TimeSpan.FromDays(1));
        await client.TriggerBackupAsync(share); // ...and this one runs, a day later.
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

public class JobListingTests(JobHistory history) : IClassFixture<JobHistory>
{
    public static TheoryData<string, int> Filters() => new()
    {
        // a Get-BackupJob filter, how many of the six jobs match
        { "", 6 },
        { "Status=Completed", 4 },
        { "Status=InProgress", 1 },
        { "Status=Cancelled", 1 },
        { "Operation=Backup", 6 },
        { "Operation=ConfigureBackup", 0 },
        { "BackupManagementType=AzureWorkload", 2 },
        { "BackupManagementType=AzureIaasVM", 2 },
        { "BackupManagementType=AzureStorage", 2 },
        { "From=+0h;To=+3h", 5 },
        { "From=+1d", 1 },
        { "BackupManagementType=AzureStorage;Status=InProgress", 1 },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void Get_BackupJob_reads_every_page_with_each_filter_applied_by_the_service(string filter, int expected)
    {
        using var ps = PowerShellSession.Connected(history.Emulator);
        var parameters = new List<string>();
        var variables = new List<(string, object?)>();
        var clauses = new List<string>();
        foreach (var part in filter.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (part.Split('=')[0], part.Split('=')[1]);
            switch (name)
            {
                case "Status": parameters.Add($"-Status {value}"); clauses.Add($"status eq '{value}'"); break;
                case "Operation": parameters.Add($"-Operation {value}"); clauses.Add($"operation eq '{value}'"); break;
                case "BackupManagementType": parameters.Add($"-BackupManagementType {value}"); clauses.Add($"backupManagementType eq '{value}'"); break;
                case "From": parameters.Add("-From $from"); variables.Add(("from", At(value))); clauses.Add("startTime eq "); break;
                case "To": parameters.Add("-To $to"); variables.Add(("to", At(value))); clauses.Add("endTime eq "); break;
            }
        }
        var before = history.Emulator.Log.Count;

        var jobs = ps.Run(("Get-BackupJob " + string.Join(" ", parameters)).Trim(), variables.ToArray()).AssertNoErrors().OutputOf<BackupJob>().ToList();

        Assert.Equal(expected, jobs.Count);
        Assert.Equal(expected, jobs.Select(j => j.JobId).Distinct().Count());
        var requests = history.Emulator.Log.Entries.Skip(before).Where(e => e.Path.EndsWith("/backupJobs")).ToList();
        Assert.Equal(Math.Max(1, (expected + 1) / 2), requests.Count); // two to a page: every page read, none twice
        Assert.All(clauses, c => Assert.Contains(c, Uri.UnescapeDataString(requests[0].Query))); // filtered by the service, not after the fact
        Assert.All(requests.Skip(1), r => Assert.Contains("skipToken", r.Query));
    }

    DateTime At(string offset)
    {
        var amount = int.Parse(offset[1..^1]);
        var span = offset[^1] == 'd' ? TimeSpan.FromDays(amount) : TimeSpan.FromHours(amount);
        return (history.FirstDay + span - TimeSpan.FromMinutes(1)).UtcDateTime;
    }
}
