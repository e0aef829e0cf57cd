using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Waits that outlive the session that started the work: operations and jobs saved with Export-Clixml or
/// ConvertTo-Json are waited on in another runspace (another process: tests/pester/Resume.Tests.ps1) and give
/// the typed result an in-session wait gives, without the write being sent again; a wait stopped by Ctrl+C or
/// -Timeout leaves the operation where the user can reach it. Operations last an hour of service time and end
/// when the test moves the emulator's clock.
/// </summary>
public sealed class ResumeWaitTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("backupcmdlets-resume-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static async Task<(EmulatorHost Emulator, OffsetClock Clock)> HourLongOperationsAsync()
    {
        var clock = new OffsetClock();
        var settings = TestEmulator.FastSettings();
        settings.Clock = clock;
        settings.OperationDuration = TimeSpan.FromMilliseconds(200); // set-up is quick; each test then makes them long
        settings.JobDuration = TimeSpan.FromHours(1);
        settings.TokenLifetime = TimeSpan.FromDays(30);
        var emulator = await TestEmulator.StartAsync(settings);
        return (emulator, clock);
    }

    /// <summary>A session where msdb is protected (quickly), after which every operation takes an hour.</summary>
    static PowerShellSession MsdbProtectedThenOperationsHourLong(EmulatorHost emulator)
    {
        var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        try { ps.Run("Get-BackupProtectableItem -Name msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait | Out-Null").AssertNoErrors(); }
        catch { ps.Dispose(); throw; }
        emulator.Settings.OperationDuration = TimeSpan.FromHours(1);
        return ps;
    }

    static int Writes(EmulatorHost emulator, string method, string pathEnd) =>
        emulator.Log.Entries.Count(e => e.Method == method && e.Path.EndsWith(pathEnd, StringComparison.OrdinalIgnoreCase));

    /// <summary>Saves what <paramref name="script"/> emits both ways: Export-Clixml to ops.xml, ConvertTo-Json (default depth) to ops.json.</summary>
    PsRun StartAndSave(PowerShellSession ps, string script) =>
        ps.Run($"$started = @({script}); $started | Export-Clixml -Path $xml; ConvertTo-Json -InputObject $started | Set-Content -Path $json; $started",
            ("xml", Path.Combine(folder, "ops.xml")), ("json", Path.Combine(folder, "ops.json"))).AssertNoErrors();

    /// <summary>In a runspace that never saw the objects: read them back and pipe them to <paramref name="wait"/>.</summary>
    PsRun ResumeFrom(EmulatorHost emulator, string format, string wait)
    {
        using var other = PowerShellSession.Connected(emulator);
        var read = format == "xml" ? "Import-Clixml -Path $xml" : "(Get-Content -Raw -Path $json | ConvertFrom-Json)";
        return other.Run($"{read} | {wait}", ("xml", Path.Combine(folder, "ops.xml")), ("json", Path.Combine(folder, "ops.json")));
    }

    [Fact]
    public async Task A_saved_registration_resumes_in_other_runspaces_from_Clixml_and_from_JSON_and_emits_the_container()
    {
        var (emulator, clock) = await HourLongOperationsAsync();
        await using var _ = emulator;
        using var ps = PowerShellSession.Connected(emulator);
        ps.Run("Invoke-BackupContainerRefresh -Wait | Out-Null").AssertNoErrors();
        emulator.Settings.OperationDuration = TimeSpan.FromHours(1);
        var started = Assert.Single(StartAndSave(ps, "Register-BackupContainer -FriendlyName sqlserver-0 -WorkloadType SQLDataBase").OutputOf<BackupOperation>());

        clock.Advance(TimeSpan.FromHours(2));
        foreach (var format in new[] { "xml", "json" })
        {
            var container = Assert.Single(ResumeFrom(emulator, format, "Wait-BackupOperation").AssertNoErrors().OutputOf<ProtectionContainer>());
            Assert.Equal(started.TargetId, container.Id, ignoreCase: true);
            Assert.Equal("Registered", container.RegistrationStatus);
            Assert.Equal(TestEmulator.VaultId, container.VaultId);
        }
        Assert.Equal(1, Writes(emulator, "PUT", "/protectionContainers/" + started.TargetId.Split('/').Last())); // the register was sent once
    }

    [Fact]
    public async Task Saved_protections_and_backups_resume_with_the_same_typed_results_and_no_second_write()
    {
        var (emulator, clock) = await HourLongOperationsAsync();
        await using var _ = emulator;
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        emulator.Settings.OperationDuration = TimeSpan.FromHours(1);

        StartAndSave(ps, "Get-BackupProtectableItem -Name msdb, model | Enable-BackupProtection -PolicyName HourlyLogBackup");
        clock.Advance(TimeSpan.FromHours(2));
        foreach (var format in new[] { "xml", "json" })
        {
            var items = ResumeFrom(emulator, format, "Wait-BackupOperation").AssertNoErrors().OutputOf<ProtectedItem>().ToList();
            Assert.Equal(new[] { "model", "msdb" }, items.Select(i => i.FriendlyName).Order());
            Assert.All(items, i => Assert.Equal(TestEmulator.VaultId, i.VaultId));
        }
        Assert.Equal(2, emulator.Ledger.Of(BackupCmdlets.Emulator.Faults.Ledger.ProtectedItemCreated).Count());
        Assert.Equal(2, emulator.Log.Entries.Count(e => e.Method == "PUT" && e.Path.Contains("/protectedItems/", StringComparison.OrdinalIgnoreCase)));

        var started = StartAndSave(ps, "Get-BackupProtectedItem -Name msdb, model | Start-BackupItem -BackupType Full").OutputOf<BackupOperation>().ToList();
        clock.Advance(TimeSpan.FromHours(2));
        var ledger = emulator.Ledger.Of(BackupCmdlets.Emulator.Faults.Ledger.BackupStarted).ToList();
        Assert.Equal(2, ledger.Count);
        foreach (var format in new[] { "xml", "json" })
        {
            var jobs = ResumeFrom(emulator, format, "Wait-BackupOperation").AssertNoErrors().OutputOf<BackupJob>().ToList();
            Assert.Equal(ledger.Select(l => l.Detail!.Split('/').Last()).Order(), jobs.Select(j => j.JobId).Order());
            Assert.All(jobs, j => Assert.Equal("Backup", j.Operation));
            Assert.Equal(started.Select(o => o.TargetName).Order(), jobs.Select(j => j.EntityFriendlyName).Order());
        }
        Assert.Equal(2, Writes(emulator, "POST", "/backup"));
    }

    [Fact]
    public async Task Wait_BackupOperation_takes_a_status_url_or_an_operation_id_by_hand()
    {
        var (emulator, clock) = await HourLongOperationsAsync();
        await using var _ = emulator;
        using var ps = MsdbProtectedThenOperationsHourLong(emulator);
        var op = Assert.Single(ps.Run("Get-BackupProtectedItem -Name msdb | Start-BackupItem").AssertNoErrors().OutputOf<BackupOperation>());
        Assert.NotNull(op.OperationId);
        clock.Advance(TimeSpan.FromHours(2));

        using var other = PowerShellSession.Connected(emulator);
        var byUrl = Assert.Single(other.Run("Wait-BackupOperation -Kind Backup -TargetId $id -StatusUrl $url",
            ("id", op.TargetId), ("url", op.AzureAsyncOperationUrl)).AssertNoErrors().OutputOf<BackupJob>());
        // The id alone is polled at the vault's backupOperations/{id}; the vault comes from -TargetId.
        var byId = Assert.Single(other.Run("Wait-BackupOperation -Kind Backup -TargetId $id -OperationId $opId",
            ("id", op.TargetId), ("opId", op.OperationId)).AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal(byUrl.JobId, byId.JobId);
        Assert.Contains(emulator.Log.Entries, e => e.Method == "GET" && e.Path.EndsWith("/backupOperations/" + op.OperationId, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, Writes(emulator, "POST", "/backup"));
    }

    [Fact]
    public async Task A_saved_operation_that_does_not_fit_is_refused_before_any_request()
    {
        var (emulator, _) = await HourLongOperationsAsync();
        await using var __ = emulator;
        using var ps = PowerShellSession.Connected(emulator);
        var itemId = TestEmulator.VaultId.ChildId("backupFabrics", "Azure", "protectionContainers", "vmappcontainer;compute;sqlserverselfhost;sqlserver-0", "protectedItems", "sqldatabase;mssqlserver;msdb");
        var before = emulator.Log.Count;

        // A poll URL on another host would carry the sign-in there.
        var elsewhere = Assert.Single(ps.Run("Wait-BackupOperation -Kind Backup -TargetId $id -StatusUrl 'https://example.com/operationsStatus/1'", ("id", itemId)).Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, elsewhere.CategoryInfo.Category);
        Assert.Contains("not on the connected endpoint", elsewhere.Exception.Message);
        // A kind that does not act on what the id names; no URL or id at all.
        var misfit = Assert.Single(ps.Run("Wait-BackupOperation -Kind Register -TargetId $id -OperationId 1", ("id", itemId)).Errors);
        Assert.Contains("acts on protectionContainers", misfit.Exception.Message);
        var nowhere = Assert.Single(ps.Run("Wait-BackupOperation -Kind Backup -TargetId $id", ("id", itemId)).Errors);
        Assert.Contains("StatusUrl", nowhere.Exception.Message);
        Assert.Equal(before, emulator.Log.Count);
    }

    [Fact]
    public async Task A_saved_job_resumes_with_Wait_BackupJob_by_its_JobId_and_JobId_takes_a_guid_or_a_full_id_of_the_connected_vault()
    {
        var (emulator, clock) = await HourLongOperationsAsync();
        await using var _ = emulator;
        using var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        var job = Assert.Single(StartAndSave(ps, "Get-BackupProtectableItem -Name msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait | Start-BackupItem -Wait").OutputOf<BackupJob>());
        Assert.Equal("InProgress", job.Status);

        clock.Advance(TimeSpan.FromHours(2));
        foreach (var format in new[] { "xml", "json" })
        {
            var done = Assert.Single(ResumeFrom(emulator, format, "Wait-BackupJob -PollInterval 0.1").AssertNoErrors().OutputOf<BackupJob>());
            Assert.Equal(job.JobId, done.JobId);
            Assert.Equal("Completed", done.Status);
        }
        var byHand = ps.Run("Wait-BackupJob -JobId $guid, $full -PollInterval 0.1", ("guid", job.JobId), ("full", job.Id)).AssertNoErrors().OutputOf<BackupJob>().ToList();
        Assert.Equal(new[] { job.JobId, job.JobId }, byHand.Select(j => j.JobId));
        Assert.Equal(1, Writes(emulator, "POST", "/backup"));

        var before = emulator.Log.Count;
        var otherVault = job.Id.Replace("/vaults/SQLServer2012/", "/vaults/OtherVault/", StringComparison.OrdinalIgnoreCase);
        var refused = Assert.Single(ps.Run("Wait-BackupJob -JobId $id", ("id", otherVault)).Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, refused.CategoryInfo.Category);
        Assert.Contains("not to the connected vault", refused.Exception.Message);
        Assert.Equal(before, emulator.Log.Count);
    }

    [Fact]
    public async Task Ctrl_C_during_Start_BackupItem_Wait_leaves_the_operation_in_OperationVariable_and_it_resumes_without_a_second_trigger()
    {
        var (emulator, clock) = await HourLongOperationsAsync();
        await using var _ = emulator;
        using var ps = MsdbProtectedThenOperationsHourLong(emulator);
        ps.Run("$ops = 'from an earlier run'").AssertNoErrors();

        using (var waiting = ps.Prepare("Get-BackupProtectedItem -Name msdb | Start-BackupItem -Wait -OperationVariable ops"))
        {
            var invocation = waiting.BeginInvoke();
            // The wait's progress bar shows once the service has accepted the trigger and the cmdlet holds the operation.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!waiting.Streams.Progress.Any(p => p.Activity == "Waiting for backup operations") && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Equal(1, Writes(emulator, "POST", "/backup"));
            Assert.False(invocation.IsCompleted, "the wait ended before the operation did");
            waiting.Stop(); // Ctrl+C: PowerShell writes no error record for a stopped pipeline
            Assert.Equal(PSInvocationState.Stopped, waiting.InvocationStateInfo.State);
        }

        var saved = Assert.IsType<BackupOperation>(Assert.Single(ps.Run("$ops").AssertNoErrors().Output).BaseObject);
        Assert.Equal(BackupOperationKind.Backup, saved.Kind);
        clock.Advance(TimeSpan.FromHours(2));
        var job = Assert.Single(ps.Run("$ops | Wait-BackupOperation").AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("msdb", job.EntityFriendlyName);
        Assert.Equal(1, Writes(emulator, "POST", "/backup"));
    }

    [Fact]
    public async Task A_Wait_that_times_out_names_the_operation_as_the_error_target_and_it_resumes()
    {
        var (emulator, clock) = await HourLongOperationsAsync();
        await using var _ = emulator;
        using var ps = MsdbProtectedThenOperationsHourLong(emulator);

        var run = ps.Run("Get-BackupProtectedItem -Name msdb | Start-BackupItem -Wait -Timeout 1 -OperationVariable ops -ErrorVariable late");
        var error = Assert.Single(run.Errors);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        var target = Assert.IsType<BackupOperation>(error.TargetObject);
        Assert.Equal("TimedOut", target.Status);
        Assert.Same(target, Assert.Single(ps.Run("$ops").Output).BaseObject);

        clock.Advance(TimeSpan.FromHours(2));
        var job = Assert.Single(ps.Run("$late[0].TargetObject | Wait-BackupOperation").AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("msdb", job.EntityFriendlyName);
        Assert.Equal(1, Writes(emulator, "POST", "/backup"));
    }
}
