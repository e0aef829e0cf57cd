using System.Management.Automation;
using System.Text.Json.Nodes;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Client.Operations;
using BackupCmdlets.Emulator;
using BackupCmdlets.Emulator.Faults;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>
/// Restore-BackupItem and the log chain, typed into real runspaces against the emulator: a SQL database
/// protected, backed up full and log, restored to a point in time as a new database on another VM, which
/// the next inquiry finds; the other SQL targets, VM disks and file shares; what is refused before any request.
/// </summary>
public class RestoreWorkflowTests
{
    const string Protect = """
        Invoke-BackupContainerRefresh -Wait | Out-Null
        Register-BackupContainer -FriendlyName sqlserver-0 -Wait | Invoke-BackupContainerInquiry -Wait | Out-Null
        $target = Register-BackupContainer -FriendlyName sqlserver-dr -Wait | Invoke-BackupContainerInquiry -Wait
        $item = Get-BackupProtectableItem -FriendlyName SalesDB | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait
        $full = $item | Start-BackupItem -BackupType Full -Wait | Wait-BackupJob -PollInterval 0.1
        """;

    const string LogBackup = "$log = $item | Start-BackupItem -BackupType Log -Wait | Wait-BackupJob -PollInterval 0.1; $log";

    static async Task<(EmulatorHost Emulator, PowerShellSession Ps)> BackedUpAsync(bool withLog = true)
    {
        var emulator = await RestoreSeed.StartAsync();
        var ps = PowerShellSession.Connected(emulator);
        ps.Run(Protect).AssertNoErrors();
        if (withLog)
        {
            await Task.Delay(200); // the log backup ends later than the full one: the range has a length
            Assert.Equal("Completed", Assert.Single(ps.Run(LogBackup).AssertNoErrors().OutputOf<BackupJob>()).Status);
        }
        return (emulator, ps);
    }

    static JsonObject LastRestoreBody(EmulatorHost emulator) =>
        JsonNode.Parse(emulator.Log.Entries.Last(e => e.Method == "POST" && e.Path.EndsWith("/restore")).Body!)!["properties"]!.AsObject();

    static int RestorePosts(EmulatorHost emulator) => emulator.Log.Entries.Count(e => e.Method == "POST" && e.Path.EndsWith("/restore"));

    [Fact]
    public async Task A_point_in_time_restored_as_a_new_database_on_another_VM_is_found_by_the_next_inquiry()
    {
        var (emulator, ps) = await BackedUpAsync();
        await using var _ = emulator;
        using var __ = ps;

        // The log backup made no point of its own: the item lists its full point and its log chain.
        var points = ps.Run("$item | Get-BackupRecoveryPoint").AssertNoErrors().OutputOf<RecoveryPoint>().ToList();
        Assert.Equal(2, points.Count);
        var chain = Assert.Single(ps.Run("$chain = $item | Get-BackupRecoveryPoint -LogChain; $chain").AssertNoErrors().OutputOf<RecoveryPoint>());
        Assert.Contains("restorePointQueryType eq 'Log'", Uri.UnescapeDataString(emulator.Log.Entries.Last(e => e.Path.EndsWith("/recoveryPoints")).Query));
        Assert.True(chain.IsPointInTime);
        Assert.Equal("AzureWorkloadSQLPointInTimeRecoveryPoint", chain.ObjectType);
        // The database as it is named (SalesDB), not as the lower-case id spells it (sqldatabase;mssqlserver;salesdb).
        Assert.Equal("SalesDB", chain.ItemFriendlyName);
        Assert.All(points, p => Assert.Equal("SalesDB", p.ItemFriendlyName));
        var range = Assert.Single(chain.TimeRanges);
        var full = points.Single(p => !p.IsPointInTime);
        Assert.Equal(full.RecoveryPointTime, range.Start);
        Assert.True(range.End > range.Start);
        // The log job leads to the chain it extended.
        Assert.Equal(chain.Id, Assert.Single(ps.Run("$log | Get-BackupRecoveryPoint").AssertNoErrors().OutputOf<RecoveryPoint>()).Id);

        // The log chain at 80 columns: both ends of the range, whole, on lines of their own.
        var shown = (string)ps.Run("$chain | Out-String -Width 80").AssertNoErrors().Output.Single().BaseObject;
        Assert.All(shown.Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 80, l));
        Assert.Contains("LogRange", shown);
        Assert.Contains(Friendly.Time(range.Start), shown);
        Assert.Contains(Friendly.Time(range.End), shown);

        var when = range.Start!.Value + (range.End!.Value - range.Start.Value) / 2;
        var operation = Assert.Single(ps.Run("""
            $op = $chain | Restore-BackupItem -PointInTime $when -TargetContainer $target -TargetDatabaseName SalesDB_restored -DataDirectory 'G:\Data' -LogDirectory 'G:\Log' -Confirm:$false
            $op
            """, ("when", when.UtcDateTime)).AssertNoErrors().OutputOf<BackupOperation>());
        Assert.Equal(BackupOperationKind.Restore, operation.Kind);
        Assert.EndsWith("/protectedItems/SQLDataBase;MSSQLSERVER;SalesDB", operation.TargetId, StringComparison.OrdinalIgnoreCase);

        var body = LastRestoreBody(emulator);
        Assert.Equal("AzureWorkloadSQLPointInTimeRestoreRequest", (string?)body["objectType"]);
        Assert.Equal("AlternateLocation", (string?)body["recoveryType"]);
        Assert.Equal(when, DateTimeOffset.Parse((string)body["pointInTime"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("MSSQLSERVER/SalesDB_restored", (string?)body["targetInfo"]!["databaseName"]);
        Assert.Equal("FailOnConflict", (string?)body["targetInfo"]!["overwriteOption"]);
        Assert.EndsWith(";sqlserver-dr", (string?)body["targetInfo"]!["containerId"]);
        Assert.EndsWith("/virtualMachines/sqlserver-0", (string?)body["sourceResourceId"]);
        Assert.EndsWith("/virtualMachines/sqlserver-dr", (string?)body["targetVirtualMachineId"]);
        var paths = body["alternateDirectoryPaths"]!.AsArray().Select(p => ((string?)p!["mappingType"], (string?)p["targetPath"])).ToList();
        Assert.Equal([("Data", @"G:\Data\SalesDB_restored.mdf"), ("Log", @"G:\Log\SalesDB_restored_log.ldf")], paths);

        var job = Assert.Single(ps.Run("$restore = $op | Wait-BackupOperation | Wait-BackupJob -PollInterval 0.1; $restore").AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("Restore", job.Operation);
        Assert.Equal("Completed", job.Status);
        Assert.Equal("SalesDB", job.EntityFriendlyName);

        // The database exists now, but the vault sees it only after the next inquiry of that VM.
        var before = ps.Run("Get-BackupProtectableItem -FriendlyName SalesDB_restored");
        Assert.Empty(before.Output);
        Assert.StartsWith("ProtectableItemNotFound,", Assert.Single(before.Errors).FullyQualifiedErrorId);
        ps.Run("$target | Invoke-BackupContainerInquiry -Wait | Out-Null").AssertNoErrors();
        var restored = Assert.Single(ps.Run("Get-BackupProtectableItem -FriendlyName SalesDB_restored").AssertNoErrors().OutputOf<ProtectableItem>());
        Assert.Equal("sqlserver-dr.shopkart.com", restored.ServerName);
        Assert.Equal("NotProtected", restored.ProtectionState);

        // A second restore under the same name is refused by the service: the database exists.
        var again = ps.Run("$chain | Restore-BackupItem -PointInTime $when -TargetContainer $target -TargetDatabaseName SalesDB_restored -Confirm:$false", ("when", when.UtcDateTime));
        var error = Assert.Single(again.Errors);
        Assert.Contains("already exists", error.Exception.Message);
        Assert.Single(emulator.State.Vaults.Single().Jobs.Values, j => j.Operation == "Restore"); // nothing was started, nothing sent twice
    }

    [Fact]
    public async Task A_database_without_a_log_backup_has_no_log_chain_and_says_so()
    {
        var (emulator, ps) = await BackedUpAsync(withLog: false);
        await using var _ = emulator;
        using var __ = ps;

        // Silence here made '$chain.TimeRanges[-1].End' fail later with "cannot index into a null array".
        var run = ps.Run("$item | Get-BackupRecoveryPoint -LogChain");
        Assert.Empty(run.Output);
        var error = Assert.Single(run.Errors);
        Assert.Equal(CmdletErrorChecks.Qualified("LogChainNotFound", "Get-BackupRecoveryPoint"), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("'SalesDB' has no log chain yet: no log backup since a full one. Run Start-BackupItem -BackupType Log (or wait for the policy's log backup), then ask again.", error.Exception.Message);

        await Task.Delay(200);
        ps.Run(LogBackup).AssertNoErrors();
        Assert.True(Assert.Single(ps.Run("$item | Get-BackupRecoveryPoint -LogChain").AssertNoErrors().OutputOf<RecoveryPoint>()).IsPointInTime);
    }

    /// <summary>The README's Restore block, read from README.md and run as written, after the full backup it starts from.</summary>
    [Fact]
    public async Task The_README_restore_example_runs_as_written()
    {
        var (emulator, ps) = await BackedUpAsync(withLog: false);
        await using var _ = emulator;
        using var __ = ps;
        var block = ReadmeExamplesTests.Block(File.ReadAllText(Repo.File("README.md")), "## Restore");

        var run = ps.Run(ReadmeExamplesTests.Runnable(block, emulator.BaseUri)).AssertNoErrors();

        var found = Assert.Single(run.OutputOf<ProtectableItem>());
        Assert.Equal(("SalesDB_copy", "sqlserver-dr.shopkart.com"), (found.FriendlyName, found.ServerName));
        Assert.Equal("Completed", run.OutputOf<BackupJob>().Single().Status);
        Assert.Equal("AzureWorkloadSQLPointInTimeRestoreRequest", (string?)LastRestoreBody(emulator)["objectType"]);
    }

    [Fact]
    public async Task A_time_outside_every_range_and_kinds_that_do_not_fit_are_refused_before_any_request()
    {
        var (emulator, ps) = await BackedUpAsync();
        await using var _ = emulator;
        using var __ = ps;
        ps.Run("$chain = $item | Get-BackupRecoveryPoint -LogChain; $fullPoint = $item | Get-BackupRecoveryPoint | Where-Object { -not $_.IsPointInTime }").AssertNoErrors();
        var range = ps.Run("$chain").OutputOf<RecoveryPoint>().Single().TimeRanges.Single();

        ErrorRecord Refused(string script, params (string, object?)[] variables)
        {
            var run = ps.Run(script, variables);
            Assert.Empty(run.Output);
            return Assert.Single(run.AllErrors);
        }

        var late = Refused("$chain | Restore-BackupItem -PointInTime $t -TargetContainer $target -TargetDatabaseName Late -Confirm:$false", ("t", range.End!.Value.UtcDateTime.AddHours(1)));
        Assert.Equal(ErrorCategory.InvalidArgument, late.CategoryInfo.Category);
        Assert.Contains("outside every log range", late.Exception.Message);
        Assert.Contains(range.Start!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'"), late.Exception.Message); // names the nearest range
        Assert.Contains(range.End!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'"), late.Exception.Message);

        Assert.Contains("log chain", Refused("$fullPoint | Restore-BackupItem -PointInTime (Get-Date) -OriginalLocation -Confirm:$false").Exception.Message);
        Assert.Contains("-PointInTime", Refused("$chain | Restore-BackupItem -OriginalLocation -Confirm:$false").Exception.Message);
        Assert.Contains("-StorageAccountId", Refused("$fullPoint | Restore-BackupItem -StorageAccountId $sa -Confirm:$false",
            ("sa", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/disks")).Exception.Message);
        Assert.Contains("not a storage account", Refused("$fullPoint | Restore-BackupItem -StorageAccountId 'disks' -Confirm:$false").Exception.Message);
        Assert.Contains("SQL Server name", Refused("$fullPoint | Restore-BackupItem -TargetContainer $target -TargetDatabaseName 'a;b' -Confirm:$false").Exception.Message);
        Assert.Contains("file shares only", Refused("$fullPoint | Restore-BackupItem -OriginalLocation -ConflictResolution Skip -Confirm:$false").Exception.Message);
        Assert.Contains("registered for SQL", Refused("$fullPoint | Restore-BackupItem -TargetContainer $c -TargetDirectory 'F:\\x' -Confirm:$false",
            ("c", CmdletInputObjects.ContainerIn(CmdletInputObjects.Here))).Exception.Message);

        // -WhatIf says what would happen and sends nothing.
        var whatIf = ps.Run("$fullPoint | Restore-BackupItem -OriginalLocation -WhatIf").AssertNoErrors();
        Assert.Empty(whatIf.Output);
        Assert.Equal(0, RestorePosts(emulator));
        Assert.DoesNotContain(emulator.State.Vaults.Single().Jobs.Values, j => j.Operation == "Restore");
    }

    [Fact]
    public async Task A_full_point_restores_over_the_original_and_as_files()
    {
        var (emulator, ps) = await BackedUpAsync(withLog: false);
        await using var _ = emulator;
        using var __ = ps;
        ps.Run("$fullPoint = $item | Get-BackupRecoveryPoint").AssertNoErrors();

        var original = Assert.Single(ps.Run("$fullPoint | Restore-BackupItem -OriginalLocation -Confirm:$false -Wait | Wait-BackupJob -PollInterval 0.1").AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal(("Restore", "Completed"), (original.Operation, original.Status));
        // A restore job makes no recovery point: piping it to Get-BackupRecoveryPoint says so, before any request.
        var requests = emulator.Log.Entries.Count;
        var fromRestore = ps.Run("$job | Get-BackupRecoveryPoint", ("job", original));
        Assert.Empty(fromRestore.Output);
        Assert.StartsWith($"-Job {original.JobId} is a Restore job, which makes no recovery point", Assert.Single(fromRestore.Errors).Exception.Message);
        Assert.Equal(requests, emulator.Log.Entries.Count);
        var body = LastRestoreBody(emulator);
        Assert.Equal("AzureWorkloadSQLRestoreRequest", (string?)body["objectType"]);
        Assert.Equal("OriginalLocation", (string?)body["recoveryType"]);
        Assert.Equal("Overwrite", (string?)body["targetInfo"]!["overwriteOption"]);
        Assert.Equal("MSSQLSERVER/SalesDB", (string?)body["targetInfo"]!["databaseName"]);

        var files = Assert.Single(ps.Run(@"$fullPoint | Restore-BackupItem -TargetContainer $target -TargetDirectory 'F:\Restore' -Confirm:$false -Wait | Wait-BackupJob -PollInterval 0.1").AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("Completed", files.Status);
        body = LastRestoreBody(emulator);
        Assert.Equal("FileRecovery", (string?)body["recoveryMode"]);
        Assert.Equal("AlternateLocation", (string?)body["recoveryType"]);
        Assert.Equal(@"F:\Restore", (string?)body["targetInfo"]!["targetDirectoryForFileRestore"]);

        // Neither made a database on the target VM.
        ps.Run("$target | Invoke-BackupContainerInquiry -Wait | Out-Null").AssertNoErrors();
        Assert.Equal(3, ps.Run("Get-BackupProtectableItem -ServerName sqlserver-dr.shopkart.com -ProtectableItemType SQLDataBase").AssertNoErrors().Output.Count);
    }

    [Fact]
    public async Task A_VM_restores_its_disks_and_a_file_share_restores_in_place_and_to_another_share()
    {
        await using var emulator = await RestoreSeed.StartAsync();
        var client = TestEmulator.Client(emulator);
        var vm = await EmulatorSteps.ProtectVmAsync(client, "ad-primary-dc");
        var share = await EmulatorSteps.ProtectFileShareAsync(client, "invoices");
        using var ps = PowerShellSession.Connected(emulator);
        const string account = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SQLServerPMDemo/providers/Microsoft.Storage/storageAccounts/shopkartfiles";
        ps.Run("""
            $vmPoint = $vm | Start-BackupItem -Wait | Wait-BackupJob -PollInterval 0.1 | Get-BackupRecoveryPoint
            $sharePoint = $share | Start-BackupItem -Wait | Wait-BackupJob -PollInterval 0.1 | Get-BackupRecoveryPoint
            """, ("vm", vm), ("share", share)).AssertNoErrors();

        // A VM has no log chain: -LogChain is refused before any request, not answered with the VM's plain points.
        var lists = emulator.Log.Entries.Count(e => e.Path.EndsWith("/recoveryPoints"));
        var noChain = ps.Run("$vm | Get-BackupRecoveryPoint -LogChain", ("vm", vm));
        Assert.Empty(noChain.Output);
        Assert.Contains("-LogChain applies to SQL databases; 'ad-primary-dc' is VM", Assert.Single(noChain.Errors).Exception.Message);
        Assert.Equal(lists, emulator.Log.Entries.Count(e => e.Path.EndsWith("/recoveryPoints")));

        var disks = Assert.Single(ps.Run("$vmPoint | Restore-BackupItem -StorageAccountId $sa -Confirm:$false -Wait | Wait-BackupJob -PollInterval 0.1", ("sa", account)).AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal(("Restore", "Completed", "AzureIaasVM"), (disks.Operation, disks.Status, disks.BackupManagementType));
        var body = LastRestoreBody(emulator);
        Assert.Equal("IaasVMRestoreRequest", (string?)body["objectType"]);
        Assert.Equal("RestoreDisks", (string?)body["recoveryType"]);
        Assert.Equal(account, (string?)body["storageAccountId"]);
        Assert.Equal("westcentralus", (string?)body["region"]);
        Assert.Equal(ps.Run("$vmPoint.Name").Output.Single().ToString(), (string?)body["recoveryPointId"]);

        var inPlace = Assert.Single(ps.Run("$sharePoint | Restore-BackupItem -OriginalLocation -ConflictResolution Overwrite -Confirm:$false -Wait | Wait-BackupJob -PollInterval 0.1").AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("Completed", inPlace.Status);
        body = LastRestoreBody(emulator);
        Assert.Equal(("AzureFileShareRestoreRequest", "OriginalLocation", "Overwrite", "FullShareRestore"),
            ((string?)body["objectType"], (string?)body["recoveryType"], (string?)body["copyOptions"], (string?)body["restoreRequestType"]));

        var elsewhere = Assert.Single(ps.Run("$sharePoint | Restore-BackupItem -TargetFileShareName reports -TargetStorageAccountId $sa -Confirm:$false -Wait | Wait-BackupJob -PollInterval 0.1", ("sa", account)).AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("Completed", elsewhere.Status);
        body = LastRestoreBody(emulator);
        Assert.Equal(("AlternateLocation", "reports", account), ((string?)body["recoveryType"], (string?)body["targetDetails"]!["name"], (string?)body["targetDetails"]!["targetResourceId"]));
        Assert.Equal("FailOnConflict", (string?)body["copyOptions"]);
    }

    [Theory]
    [InlineData("drop after")]
    [InlineData("503 after")]
    [InlineData("Location only")]
    public async Task One_Restore_BackupItem_starts_one_restore_whatever_the_answer(string fault)
    {
        var (emulator, ps) = await BackedUpAsync(withLog: false);
        await using var _ = emulator;
        using var __ = ps;
        ps.Run("Connect-TestBackupVault -ResourceManagerUrl $url -PollSeconds 0.05 -RetryDelaySeconds 0.02 -AmbiguousTriggerCheckSeconds 0.1", ("url", emulator.BaseUri)).AssertNoErrors();
        emulator.Faults.Set([fault switch
        {
            "drop after" => new FaultRule { Kind = FaultKind.Drop, Phase = FaultPhase.After, Method = "POST", PathPattern = "/restore$" },
            "503 after" => new FaultRule { Kind = FaultKind.ServerError, Status = 503, Phase = FaultPhase.After, Method = "POST", PathPattern = "/restore$", RetryAfterSeconds = 0 },
            _ => new FaultRule { Kind = FaultKind.LocationOnly, Method = "POST", PathPattern = "/restore$" },
        }]);

        var run = ps.Run("$item | Get-BackupRecoveryPoint | Restore-BackupItem -TargetContainer $target -TargetDatabaseName SalesDB_copy -Confirm:$false -Wait");

        run.AssertNoErrors();
        var job = Assert.Single(run.OutputOf<BackupJob>());
        Assert.Equal(1, RestorePosts(emulator)); // the answer was lost or thin; the restore was not sent again
        Assert.Equal(job.JobId, Assert.Single(emulator.State.Vaults.Single().Jobs.Values, j => j.Operation == "Restore").Id);
    }
}
