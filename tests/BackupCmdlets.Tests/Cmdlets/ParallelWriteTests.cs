using System.Management.Automation;
using System.Text.RegularExpressions;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Emulator;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Emulator.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Cmdlets that start operations send up to -ThrottleLimit writes at once (issue 9). The emulator holds each write
/// at its front door for a set time (a Delay fault), so two writes received closer together than that were in flight
/// together: the request log proves the overlap and its bound without timing the client.
/// </summary>
public class ParallelWriteTests
{
    const string ProtectedItemPut = "/protectedItems/[^/]+$";
    static readonly TimeSpan Held = TimeSpan.FromMilliseconds(500);

    static FaultRule HoldWrites(TimeSpan held) =>
        new() { Kind = FaultKind.Delay, Method = "PUT", PathPattern = ProtectedItemPut, Times = null, DelayMilliseconds = (int)held.TotalMilliseconds };

    static List<LoggedRequest> Puts(EmulatorHost emulator, long after = 0) =>
        emulator.Log.Entries.Where(e => e.Sequence > after && e.Method == "PUT" && Regex.IsMatch(e.Path, ProtectedItemPut, RegexOptions.IgnoreCase)).ToList();

    /// <summary>
    /// The most requests received within less than <paramref name="held"/> (less a margin) of each other. Each was answered
    /// no sooner than that after it arrived, so all of them were in flight at the last one's arrival; and a client that
    /// never has more than L in flight can never have L + 1 arrivals that close (the last waits for an answer).
    /// </summary>
    static int MostInFlight(IEnumerable<LoggedRequest> requests, TimeSpan held)
    {
        held -= TimeSpan.FromMilliseconds(50); // a timer may fire a few ms early (Linux's coarse monotonic clock)
        var at = requests.Select(r => r.ReceivedAt).Order().ToList();
        var most = 0;
        for (var last = 0; last < at.Count; last++)
            most = Math.Max(most, at.Take(last + 1).Count(t => at[last] - t < held));
        return most;
    }

    static EmulatorSettings Quick()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(300);
        settings.JobDuration = TimeSpan.FromMilliseconds(800);
        return settings;
    }

    static long LastSequence(EmulatorHost emulator) => emulator.Log.Entries.Select(e => e.Sequence).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task Writes_overlap_up_to_ThrottleLimit_never_beyond_and_ThrottleLimit_1_sends_in_turn_and_in_input_order()
    {
        await using var emulator = await TestEmulator.StartAsync(Quick());
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        emulator.Faults.Add(HoldWrites(Held));

        // -ThrottleLimit 2: five databases, two at a time. N in, N out, and -OperationVariable has every one.
        var enabled = ps.Run("""
            $items = Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0
            $items | Enable-BackupProtection -PolicyName HourlyLogBackup -ThrottleLimit 2 -OperationVariable ops
            """).AssertNoErrors().OutputOf<BackupOperation>().ToList();
        Assert.Equal(5, enabled.Select(o => o.TargetName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(5, ps.Run("$ops.Count").Output.Single().BaseObject);
        var puts = Puts(emulator);
        Assert.Equal(5, puts.Count);
        Assert.Equal(2, MostInFlight(puts, Held));
        var protectedItems = ps.Run("$protected = $ops | Wait-BackupOperation; $protected").AssertNoErrors().OutputOf<ProtectedItem>().ToList();
        Assert.Equal(5, protectedItems.Count);

        // -ThrottleLimit 1: one after another, and the operations come out in input order.
        var mark = LastSequence(emulator);
        var inTurn = ps.Run("$moved = $protected | Set-BackupProtection -PolicyName HourlyLogBackup -ThrottleLimit 1; $moved").AssertNoErrors().OutputOf<BackupOperation>().ToList();
        Assert.Equal(protectedItems.Select(i => i.FriendlyName), inTurn.Select(o => o.TargetName));
        puts = Puts(emulator, mark);
        Assert.Equal(5, puts.Count);
        Assert.Equal(1, MostInFlight(puts, Held));
        ps.Run("$moved | Wait-BackupOperation | Out-Null").AssertNoErrors();

        // The default (8): all five at once, and each request's trace, written by the pool thread that sent it, reaches -Verbose.
        mark = LastSequence(emulator);
        var atOnce = ps.Run("$protected | Set-BackupProtection -PolicyName HourlyLogBackup -Wait -Verbose").AssertNoErrors();
        Assert.Equal(5, atOnce.OutputOf<ProtectedItem>().Count());
        puts = Puts(emulator, mark);
        Assert.Equal(5, MostInFlight(puts, Held));
        Assert.Equal(5, atOnce.Verbose.Count(v => Regex.IsMatch(v, @"^PUT /subscriptions/\S+/protectedItems/[^/ ]+: 20\d in \d+ ms")));

        // -ErrorAction Stop with -ThrottleLimit: msdb's trigger is refused at once while the four sent before it are held.
        // The pipeline stops, but those four are answered first and -OperationVariable holds each backup the service started.
        mark = LastSequence(emulator);
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 400, ErrorCode = "BMSUserErrorInvalidInput", ErrorMessage = "Refused for the test.", Method = "POST", PathPattern = ";msdb/backup$" });
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.Delay, Method = "POST", PathPattern = "/backup$", Times = null, DelayMilliseconds = 300 });
        var stopped = ps.Run("$protected | Sort-Object { $_.FriendlyName -eq 'msdb' } | Start-BackupItem -ThrottleLimit 5 -ErrorAction Stop -OperationVariable started");
        Assert.IsType<ActionPreferenceStopException>(stopped.Terminating);
        Assert.Contains("Refused for the test.", stopped.AssertTerminated().Exception.Message);
        var accepted = emulator.Log.Entries.Where(e => e.Sequence > mark && e.Method == "POST" && e.Path.EndsWith("/backup", StringComparison.OrdinalIgnoreCase) && e.Status == 202).ToList();
        var started = ps.Run("$started").OutputOf<BackupOperation>().ToList();
        Assert.Equal(4, accepted.Count); // msdb came last: the four before it were already on their way
        Assert.Equal(4, started.Count);
        Assert.Equal(emulator.Ledger.Of(Ledger.BackupStarted).Count(), started.Count);
    }

    [Fact]
    public async Task Ctrl_C_cancels_writes_in_flight_WhatIf_sends_nothing_and_one_failing_write_or_operation_gives_one_error_while_the_others_are_protected()
    {
        await using var emulator = await TestEmulator.StartAsync(Quick());
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);

        // Ctrl+C while five writes are held: it returns at once, and the abandoned requests are not acted on.
        emulator.Faults.Add(HoldWrites(TimeSpan.FromSeconds(20)));

        using (var running = ps.Prepare("Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 | Enable-BackupProtection -PolicyName HourlyLogBackup -OperationVariable ops"))
        {
            var invocation = running.BeginInvoke();
            // The emulator notes a held request when it arrives; its log, only once answered.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (emulator.Ledger.Of(Ledger.FaultInjected).Count() < 5 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Equal(5, emulator.Ledger.Of(Ledger.FaultInjected).Count());
            Assert.False(invocation.IsCompleted);
            var stopping = DateTime.UtcNow;
            running.Stop();
            Assert.True(DateTime.UtcNow - stopping < TimeSpan.FromSeconds(5), $"Stop took {DateTime.UtcNow - stopping}");
            Assert.Equal(PSInvocationState.Stopped, running.InvocationStateInfo.State);
        }

        Assert.Equal(0, ps.Run("@($ops).Count").Output.Single().BaseObject);
        // The held requests were abandoned by the client, so the emulator served none of them.
        var deadline2 = DateTime.UtcNow.AddSeconds(10);
        while (Puts(emulator).Count < 5 && DateTime.UtcNow < deadline2) await Task.Delay(20);
        Assert.Empty(emulator.Ledger.Of(Ledger.ProtectedItemCreated));
        emulator.Faults.Clear();

        var before = emulator.Log.Count;
        var whatIf = ps.Run("Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 | Enable-BackupProtection -PolicyName HourlyLogBackup -ThrottleLimit 3 -WhatIf").AssertNoErrors();
        Assert.Empty(whatIf.Output);
        Assert.DoesNotContain(emulator.Log.Entries.Skip(before), e => e.Method != "GET");

        // First rule that matches strikes: msdb's PUT is refused, SalesDB's operation ends Failed, every PUT is held.
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 400, ErrorCode = "BMSUserErrorInvalidInput", ErrorMessage = "Refused for the test.", Method = "PUT", PathPattern = ";msdb$" });
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.OperationFails, Method = "PUT", PathPattern = ";salesdb$" });
        emulator.Faults.Add(HoldWrites(TimeSpan.FromMilliseconds(300)));

        var mark = LastSequence(emulator);
        var run = ps.Run("Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait");

        Assert.Null(run.Terminating);
        Assert.Equal(new[] { "InventoryDB", "master", "model" }, run.OutputOf<ProtectedItem>().Select(i => i.FriendlyName).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(2, run.Errors.Count);
        var refused = Assert.Single(run.Errors, e => e.TargetObject is ProtectableItem { FriendlyName: "msdb" });
        Assert.Contains("Refused for the test.", refused.Exception.Message);
        Assert.Single(run.Errors, e => e.TargetObject is BackupOperation { TargetName: "SalesDB" });
        // The refusal blocked none of the others: all five were sent, several together.
        var puts = Puts(emulator, mark);
        Assert.Equal(5, puts.Count);
        Assert.True(MostInFlight(puts.Where(p => p.Status != 400), TimeSpan.FromMilliseconds(300)) >= 2);
    }

    [Fact]
    public async Task Protect_then_back_up_then_wait_over_five_databases_produces_every_job_and_backups_start_while_protection_writes_are_in_flight()
    {
        await using var emulator = await TestEmulator.StartAsync(Quick());
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        // Four protections are held 1.5 s, the fifth waits for a slot and is held 1.5 s more; the first four end 0.3 s
        // after their answers and are seen done at the next poll (Retry-After 1 s): during the fifth's hold.
        var held = TimeSpan.FromMilliseconds(1500);
        emulator.Faults.Add(HoldWrites(held));

        var jobs = ps.Run("""
            Get-BackupProtectableItem -ProtectableItemType SQLDataBase -ServerName sqlserver-0 |
                Enable-BackupProtection -PolicyName HourlyLogBackup -Wait -ThrottleLimit 4 |
                Start-BackupItem -Wait | Wait-BackupJob -PollInterval 0.1
            """).AssertNoErrors().OutputOf<BackupJob>().ToList();

        Assert.Equal(5, jobs.Select(j => j.JobId).Distinct().Count());
        Assert.All(jobs, j => Assert.Equal("Completed", j.Status));
        Assert.Equal(5, jobs.Select(j => j.EntityFriendlyName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // A protection finished while Enable-BackupProtection waited for a free slot went downstream then, not after its
        // next write: a backup trigger arrived while a protection write was still held (impossible one request at a time).
        var puts = Puts(emulator);
        var triggers = emulator.Log.Entries.Where(e => e.Method == "POST" && e.Path.EndsWith("/backup", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(5, triggers.Count);
        Assert.Contains(triggers, t => puts.Any(p => p.ReceivedAt < t.ReceivedAt && t.ReceivedAt - p.ReceivedAt < held - TimeSpan.FromMilliseconds(100)));
    }
}
