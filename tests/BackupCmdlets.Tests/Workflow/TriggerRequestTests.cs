using System.Globalization;
using System.Text.RegularExpressions;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>
/// A trigger costs a constant number of requests, whatever the size of the vault's job history: no job list
/// first; the job comes from the operation's status. Only when the answer is lost, or the service names no
/// job (Location only), does the client list jobs, and then only the item's since the trigger was sent.
/// </summary>
public class TriggerRequestTests
{
    static async Task<(EmulatorHost Emulator, PowerShellSession Ps)> MsdbProtectedAsync()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(300);
        settings.JobDuration = TimeSpan.FromMilliseconds(800);
        settings.RetryAfterSeconds = 0;
        var emulator = await TestEmulator.StartAsync(settings);
        var ps = Prepared.RegisteredAndInquired(emulator);
        ps.Run("Get-BackupProtectableItem -Name msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait | Out-Null").AssertNoErrors();
        ps.Run("Connect-TestBackupVault -ResourceManagerUrl $url -PollSeconds 0.1 -RetryDelaySeconds 0.02 -AmbiguousTriggerCheckSeconds 0.1 -NoVaultRead | Out-Null", ("url", emulator.BaseUri)).AssertNoErrors();
        ps.Run("$item = Get-BackupProtectedItem -Name msdb").AssertNoErrors();
        return (emulator, ps);
    }

    static string Kind(LoggedRequest e) => e switch
    {
        { Method: "POST" } when e.Path.EndsWith("/backup", StringComparison.OrdinalIgnoreCase) => "trigger",
        { Method: "GET" } when Regex.IsMatch(e.Path, "/operationsStatus/[^/]+$", RegexOptions.IgnoreCase) => "status",
        { Method: "GET" } when Regex.IsMatch(e.Path, "/backupJobs/[^/]+$", RegexOptions.IgnoreCase) => "job",
        { Method: "GET" } when e.Path.EndsWith("/backupJobs", StringComparison.OrdinalIgnoreCase) => "job list",
        _ => $"{e.Method} {e.Path}",
    };

    /// <summary>The start of a job list's time filter, as the client sent it.</summary>
    static DateTimeOffset FilterStart(LoggedRequest list)
    {
        var filter = Uri.UnescapeDataString(list.Query);
        var match = Regex.Match(filter, "startTime eq '([^']+)'");
        Assert.True(match.Success, $"the job list has no startTime: {filter}");
        return DateTimeOffset.ParseExact(match.Groups[1].Value, "yyyy-MM-dd hh:mm:ss tt", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    [Fact]
    public async Task No_job_list_precedes_a_trigger_and_trigger_and_waits_send_only_what_the_protocol_needs()
    {
        var (emulator, ps) = await MsdbProtectedAsync();
        await using var _ = emulator;
        using var __ = ps;
        var before = emulator.Log.Count;

        var run = ps.Run("$item | Start-BackupItem -BackupType Full -Wait | Wait-BackupJob");

        run.AssertNoErrors();
        Assert.Equal("Completed", Assert.Single(run.OutputOf<BackupJob>()).Status);
        var sent = emulator.Log.Entries.Skip(before).OrderBy(e => e.Sequence).ToList();
        var kinds = sent.Select(Kind).ToList();
        // The protocol's minimum: the POST, its status until it names the job, the job until it ends. Nothing else, in that order.
        Assert.Equal("trigger", kinds[0]);
        Assert.DoesNotContain("job list", kinds);
        Assert.Equal(kinds, kinds.OrderBy(k => k switch { "trigger" => 0, "status" => 1, "job" => 2, _ => 3 }).ToList());
        Assert.All(kinds, k => Assert.Contains(k, new[] { "trigger", "status", "job" }));
        Assert.Single(kinds, "trigger");
        Assert.DoesNotContain(sent, e => e.PolledEarly);
        Assert.Single(emulator.Ledger.Of(Ledger.BackupStarted));
    }

    [Fact]
    public async Task An_ambiguous_trigger_finds_its_job_among_the_items_jobs_since_it_was_sent_and_sends_the_POST_once()
    {
        var (emulator, ps) = await MsdbProtectedAsync();
        await using var _ = emulator;
        using var __ = ps;
        var before = emulator.Log.Count;
        emulator.Faults.Set([new FaultRule { Kind = FaultKind.Drop, Phase = FaultPhase.After, Method = "POST", PathPattern = "/backup$" }]);

        var run = ps.Run("$item | Start-BackupItem -BackupType Full -Wait");

        run.AssertNoErrors();
        var job = Assert.Single(run.OutputOf<BackupJob>());
        Assert.Equal(Assert.Single(emulator.State.Vaults.Single().Jobs.Values, j => j.Operation == "Backup").Id, job.JobId);
        var sent = emulator.Log.Entries.Skip(before).OrderBy(e => e.Sequence).ToList();
        var trigger = Assert.Single(sent, e => Kind(e) == "trigger");
        var list = Assert.Single(sent, e => Kind(e) == "job list");
        Assert.True(list.Sequence > trigger.Sequence, "the jobs were listed after the trigger, not before");
        // Narrow: from the send time less the clock-skew margin (a minute), not the day the search used to read.
        var start = FilterStart(list);
        Assert.InRange(trigger.ReceivedAt - start, TimeSpan.Zero, TimeSpan.FromSeconds(62));
        Assert.Contains("operation eq 'Backup'", Uri.UnescapeDataString(list.Query));
        Assert.Single(emulator.Ledger.Of(Ledger.BackupStarted));
    }

    [Fact]
    public async Task A_Location_only_backup_saved_as_JSON_and_resumed_finds_its_job_from_the_send_time_it_carries()
    {
        var (emulator, ps) = await MsdbProtectedAsync();
        await using var _ = emulator;
        using var __ = ps;
        emulator.Faults.Set([new FaultRule { Kind = FaultKind.LocationOnly, Method = "POST", PathPattern = "/backup$" }]);
        var saved = ps.Run("$op = $item | Start-BackupItem -BackupType Full; $op.TriggeredAt.Kind; ConvertTo-Json -InputObject $op").AssertNoErrors();
        Assert.Equal("Utc", saved.Output[0].ToString());
        var before = emulator.Log.Count;

        using var other = PowerShellSession.Connected(emulator);
        var run = other.Run("$json | ConvertFrom-Json | Wait-BackupOperation", ("json", saved.Output[1].ToString()));

        run.AssertNoErrors();
        var job = Assert.Single(run.OutputOf<BackupJob>());
        Assert.Equal("msdb", job.EntityFriendlyName);
        var trigger = Assert.Single(emulator.Log.Entries, e => Kind(e) == "trigger");
        var list = Assert.Single(emulator.Log.Entries.Skip(before), e => Kind(e) == "job list");
        Assert.InRange(trigger.ReceivedAt - FilterStart(list), TimeSpan.Zero, TimeSpan.FromSeconds(62));
        Assert.Single(emulator.Ledger.Of(Ledger.BackupStarted));
    }
}
