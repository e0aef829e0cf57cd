using System.Management.Automation;
using System.Text.Json.Nodes;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Emulator;
using BackupCmdlets.Emulator.State;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Stop (keeping data), resume, change policy, delete with soft delete, undelete and unregister: typed into a real
/// runspace against the emulator, whose clock says when soft-deleted data is purged.
/// </summary>
public class ProtectionLifecycleTests
{
    /// <summary>A runspace in which $item is msdb, protected with HourlyLogBackup and backed up once.</summary>
    static async Task<(EmulatorHost Emulator, PowerShellSession Ps)> BackedUpAsync(TimeProvider? clock = null)
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.FromMilliseconds(200);
        if (clock != null) settings.Clock = clock;
        var emulator = await TestEmulator.StartAsync(settings);
        lock (emulator.State.Sync)
        {
            // A second SQL policy to move items to (the default seed has one); the seed itself stays as many tests count it.
            var vault = emulator.State.Vaults.Single();
            vault.Policies["DailySqlBackup"] = new PolicyRecord { Name = "DailySqlBackup", Properties = (JsonObject)vault.Policies["HourlyLogBackup"].Properties.DeepClone() };
        }
        var ps = Workflow.Prepared.RegisteredAndInquired(emulator);
        ps.Run("""
            $item = Get-BackupProtectableItem -FriendlyName msdb | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait
            $item | Start-BackupItem -BackupType Full -Wait | Wait-BackupJob | Out-Null
            $item = Get-BackupProtectedItem -FriendlyName msdb
            """).AssertNoErrors();
        return (emulator, ps);
    }

    static ProtectedItemRecord Msdb(EmulatorHost emulator)
    {
        lock (emulator.State.Sync) return emulator.State.Vaults.Single().ProtectedItems.Values.Single(i => i.FriendlyName == "msdb");
    }

    static int Puts(EmulatorHost emulator) => emulator.Log.Entries.Count(e => e.Method == "PUT" && e.Path.Contains("/protectedItems/"));

    [Fact]
    public async Task Protection_stops_keeping_the_data_resumes_and_changes_policy()
    {
        var (emulator, ps) = await BackedUpAsync();
        await using var _ = emulator;
        using var __ = ps;
        var puts = Puts(emulator);

        // Destructive enough to ask: -WhatIf sends nothing.
        Assert.Empty(ps.Run("$item | Disable-BackupProtection -WhatIf").AssertNoErrors().Output);
        Assert.Equal(puts, Puts(emulator));
        Assert.Equal("Protected", Msdb(emulator).ProtectionState);

        var stopped = Assert.Single(ps.Run("$stopped = $item | Disable-BackupProtection -Confirm:$false -Wait; $stopped").AssertNoErrors().OutputOf<ProtectedItem>());
        Assert.Equal("ProtectionStopped", stopped.ProtectionState);
        Assert.Equal(1, stopped.RecoveryPointCount);
        Assert.Equal(TestEmulator.VaultId, stopped.VaultId);
        var put = emulator.Log.Entries.Last(e => e.Method == "PUT");
        Assert.Contains("\"protectionState\":\"ProtectionStopped\"", put.Body);
        Assert.DoesNotContain("policyId", put.Body); // StopProtection.json sends none
        Assert.Single(ps.Run("$stopped | Get-BackupRecoveryPoint").AssertNoErrors().Output);
        // At 80 columns the table says it in a word that fits ("ProtectionStopped" would be cut).
        var table = (string)ps.Run("$stopped | Out-String -Width 80").AssertNoErrors().Output.Single().BaseObject;
        Assert.Matches(@"msdb\s+SQL\s+Stopped\s", table);

        // A stopped item takes no backup, and its policy is not changed behind the user's back.
        var backup = ps.Run("$stopped | Start-BackupItem -BackupType Full");
        Assert.StartsWith("BMSUserErrorProtectionStopped,", Assert.Single(backup.Errors).FullyQualifiedErrorId);
        puts = Puts(emulator);
        var set = ps.Run("$stopped | Set-BackupProtection -PolicyName DailySqlBackup");
        Assert.Contains("Enable-BackupProtection", Assert.Single(set.Errors).Exception.Message);
        Assert.Equal(puts, Puts(emulator));

        var resumed = Assert.Single(ps.Run("$resumed = $stopped | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait; $resumed").AssertNoErrors().OutputOf<ProtectedItem>());
        Assert.Equal("Protected", resumed.ProtectionState);
        Assert.Equal("HourlyLogBackup", resumed.PolicyName);
        Assert.Equal(1, resumed.RecoveryPointCount);

        // Enable on an item already protected says where to go instead of quietly changing its policy.
        var again = ps.Run("$resumed | Enable-BackupProtection DailySqlBackup");
        Assert.Contains("Set-BackupProtection", Assert.Single(again.Errors).Exception.Message);

        var changed = Assert.Single(ps.Run("$resumed | Set-BackupProtection -Policy (Get-BackupPolicy -Name DailySqlBackup) -Wait").AssertNoErrors().OutputOf<ProtectedItem>());
        Assert.Equal("DailySqlBackup", changed.PolicyName);
        Assert.Equal("Protected", changed.ProtectionState);
        Assert.EndsWith("/backupPolicies/DailySqlBackup", Msdb(emulator).PolicyId);
    }

    [Fact]
    public async Task A_name_filtered_out_by_its_delete_state_says_where_the_item_is()
    {
        var (emulator, ps) = await BackedUpAsync();
        await using var _ = emulator;
        using var __ = ps;

        // The client's own argument names (item, policy) are not the cmdlet's parameters: no "(Parameter 'item')" to puzzle over.
        Assert.Equal("Item 'msdb' is not deleted: there is nothing to undelete.", Assert.Single(ps.Run("$item | Undo-BackupItemDeletion").Errors).Exception.Message);
        var wrongPolicy = Assert.Single(ps.Run("$item | Set-BackupProtection -PolicyName DailyVMPolicy").Errors);
        Assert.EndsWith("Use an AzureWorkload policy.", wrongPolicy.Exception.Message);
        Assert.Equal(ErrorCategory.InvalidArgument, wrongPolicy.CategoryInfo.Category);

        // Not deleted yet: -DeleteState ToBeDeleted misses it, and says to list it without -DeleteState.
        var notDeleted = Assert.Single(ps.Run("Get-BackupProtectedItem -Name msdb -DeleteState ToBeDeleted").Errors);
        Assert.Equal("'msdb' is not deleted in vault 'SQLServer2012': it is listed without -DeleteState (or with -DeleteState All).", notDeleted.Exception.Message);

        // Soft deleted: the default listing misses it, and says where it went and how to bring it back.
        ps.Run("$item | Disable-BackupProtection -RemoveRecoveryPoints -Confirm:$false -Wait").AssertNoErrors();
        var run = ps.Run("Get-BackupProtectedItem -Name msdb, mdsb");
        Assert.Empty(run.Output);
        Assert.Equal(2, run.Errors.Count);
        Assert.Equal("'msdb' is soft deleted in vault 'SQLServer2012': it is listed with -DeleteState ToBeDeleted (or All), and Undo-BackupItemDeletion brings it back.", run.Errors[0].Exception.Message);
        Assert.StartsWith("No protected item named 'mdsb'", run.Errors[1].Exception.Message); // a typo reads as before
        Assert.Equal("msdb", Assert.Single(ps.Run("Get-BackupProtectedItem -Name msdb -DeleteState ToBeDeleted").AssertNoErrors().OutputOf<ProtectedItem>()).FriendlyName);
    }

    [Fact]
    public async Task Unregister_is_refused_while_the_container_holds_data_and_accepted_once_soft_delete_purged_it()
    {
        var clock = new OffsetClock();
        var (emulator, ps) = await BackedUpAsync(clock);
        await using var _ = emulator;
        using var __ = ps;

        var refused = ps.Run("Get-BackupContainer -FriendlyName sqlserver-0 | Unregister-BackupContainer -Confirm:$false");
        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("BMSUserErrorContainerHasDatasources,UnregisterFailed", error.FullyQualifiedErrorId);
        Assert.Contains("msdb", error.Exception.Message);
        lock (emulator.State.Sync) Assert.Contains(emulator.State.Vaults.Single().Containers.Values, c => c.FriendlyName == "sqlserver-0");

        // Deleting the data: soft delete (on by default) keeps it, out of the default listing, for 14 days.
        var deletion = Assert.Single(ps.Run("$item | Disable-BackupProtection -RemoveRecoveryPoints -Confirm:$false -Wait").AssertNoErrors().OutputOf<BackupOperation>());
        Assert.Equal((BackupOperationKind.DeleteBackupData, "Succeeded"), (deletion.Kind, deletion.Status)); // it produces nothing but itself
        Assert.Contains(emulator.Log.Entries, e => e.Method == "DELETE" && e.Path.EndsWith("/protectedItems/sqldatabase;mssqlserver;msdb"));
        Assert.Contains(emulator.Log.Entries, e => e.Path.Contains("/backupOperations/") || e.Path.Contains("/backupOperationResults/"));
        Assert.Empty(ps.Run("Get-BackupProtectedItem -WorkloadType SQLDataBase").Output);
        var deleted = Assert.Single(ps.Run("$deleted = Get-BackupProtectedItem -DeleteState ToBeDeleted; $deleted").AssertNoErrors().OutputOf<ProtectedItem>());
        Assert.True(deleted.IsScheduledForDeferredDelete);
        Assert.Equal("ToBeDeleted", deleted.DeleteState);
        Assert.Matches(@"msdb\s+SQL\s+Deleted\s", (string)ps.Run("$deleted | Out-String -Width 80").AssertNoErrors().Output.Single().BaseObject);
        Assert.InRange(deleted.DeferredDeleteTime!.Value - clock.GetUtcNow(), TimeSpan.FromDays(13.9), TimeSpan.FromDays(14));

        var stillRefused = Assert.Single(ps.Run("Get-BackupContainer -FriendlyName sqlserver-0 | Unregister-BackupContainer -Confirm:$false").Errors);
        Assert.Contains("soft deleted", stillRefused.Exception.Message);

        // Undelete brings it back stopped with its recovery point; a deleted item is not resumed or deleted again before that.
        Assert.Contains("Undo-BackupItemDeletion", Assert.Single(ps.Run("$deleted | Enable-BackupProtection HourlyLogBackup").Errors).Exception.Message);
        var back = Assert.Single(ps.Run("$deleted | Undo-BackupItemDeletion -Wait").AssertNoErrors().OutputOf<ProtectedItem>());
        Assert.Equal("ProtectionStopped", back.ProtectionState);
        Assert.Equal("NotDeleted", back.DeleteState);
        Assert.Equal(1, back.RecoveryPointCount);
        Assert.Contains("not deleted", Assert.Single(ps.Run("$back = Get-BackupProtectedItem -FriendlyName msdb; $back | Undo-BackupItemDeletion").Errors).Exception.Message);

        ps.Run("$back | Disable-BackupProtection -RemoveRecoveryPoints -Confirm:$false -Wait").AssertNoErrors();
        clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        Assert.Empty(ps.Run("Get-BackupProtectedItem -DeleteState All").AssertNoErrors().Output);

        var op = Assert.Single(ps.Run("Get-BackupContainer -FriendlyName sqlserver-0 | Unregister-BackupContainer -Confirm:$false").AssertNoErrors().OutputOf<BackupOperation>());
        Assert.Equal(BackupOperationKind.Unregister, op.Kind);
        ps.Run("$op | Wait-BackupOperation", ("op", op)).AssertNoErrors();
        lock (emulator.State.Sync) Assert.DoesNotContain(emulator.State.Vaults.Single().Containers.Values, c => c.FriendlyName == "sqlserver-0");
        Assert.Contains("sqlserver-0", ps.Run("Get-BackupProtectableContainer").AssertNoErrors().OutputOf<ProtectableContainer>().Select(c => c.FriendlyName));
    }

    [Fact]
    public async Task The_READMEs_stop_resume_and_change_protection_example_runs_as_written()
    {
        var block = Workflow.ReadmeExamplesTests.Block(await File.ReadAllTextAsync(Repo.File("README.md")), "### Stop, resume and change protection");
        var (emulator, ps) = await BackedUpAsync();
        await using var _ = emulator;
        using var __ = ps;

        ps.Run(block).AssertNoErrors();

        var msdb = Msdb(emulator);
        Assert.Equal("ProtectionStopped", msdb.ProtectionState); // undeleted: back, stopped
        Assert.False(msdb.IsSoftDeleted);
        Assert.EndsWith("/backupPolicies/DailySqlBackup", msdb.PolicyId);
        Assert.Single(msdb.RecoveryPoints);
        Assert.Single(emulator.Log.Entries, e => e.Method == "DELETE");
    }
}
