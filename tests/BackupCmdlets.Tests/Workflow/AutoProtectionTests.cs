using System.Management.Automation;
using System.Net.Http.Json;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Workflow;

/// <summary>
/// Auto-protection of a SQL instance and an availability group, and an availability group's database backed up,
/// typed into a real runspace against the emulator; the inventory changes through the emulator's control API.
/// </summary>
public class AutoProtectionTests
{
    static async Task<EmulatorHost> StartAsync()
    {
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.FromMilliseconds(300);
        return await TestEmulator.StartAsync(settings);
    }

    /// <summary>A DBA creates a database: the control API adds it to the emulator's inventory.</summary>
    static async Task AddDatabaseAsync(EmulatorHost emulator, string path, string name)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var response = await http.PostAsJsonAsync(path, new { name });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    static int Puts(EmulatorHost emulator) => emulator.Log.Entries.Count(e => e.Method == "PUT" && e.Path.Contains("/backupProtectionIntent/"));

    [Fact]
    public async Task An_auto_protected_instance_protects_its_databases_and_a_new_one_after_an_inquiry()
    {
        await using var emulator = await StartAsync();
        using var ps = Prepared.RegisteredAndInquired(emulator);

        // -WhatIf sends nothing.
        Assert.Empty(ps.Run("Get-BackupProtectableItem -ProtectableItemType SQLInstance | Enable-BackupAutoProtection -PolicyName HourlyLogBackup -WhatIf").AssertNoErrors().Output);
        Assert.Equal(0, Puts(emulator));

        var intent = Assert.Single(ps.Run("""
            $instance = Get-BackupProtectableItem -ProtectableItemType SQLInstance -ServerName sqlserver-0
            $intent = $instance | Enable-BackupAutoProtection -PolicyName HourlyLogBackup
            $intent
            """).AssertNoErrors().OutputOf<ProtectionIntent>());
        Assert.Equal("AzureWorkloadSQLAutoProtectionIntent", intent.ProtectionIntentItemType);
        Assert.Equal("SQLInstance", intent.ItemType);
        Assert.Equal("HourlyLogBackup", intent.PolicyName);
        Assert.Equal("sqlserver-0", intent.ServerName);
        Assert.True(Guid.TryParse(intent.Name, out _), intent.Name); // the service names intents with a GUID
        Assert.Equal(TestEmulator.Vault, intent.VaultName);
        Assert.EndsWith("/backupFabrics/Azure/backupProtectionIntent/" + intent.Name, intent.Id);

        // The databases there already are protected at once, each by a ConfigureBackup job.
        var protectedNow = ps.Run("Get-BackupProtectedItem").AssertNoErrors().OutputOf<ProtectedItem>().Select(i => i.FriendlyName).Order().ToList();
        Assert.Equal(new[] { "InventoryDB", "master", "model", "msdb", "SalesDB" }, protectedNow);
        Assert.Equal(5, ps.Run("Get-BackupJob -Operation ConfigureBackup").AssertNoErrors().OutputOf<BackupJob>().Count());
        Assert.True(Assert.Single(ps.Run("Get-BackupProtectableItem -ProtectableItemType SQLInstance -ServerName sqlserver-0").AssertNoErrors().OutputOf<ProtectableItem>()).IsAutoProtectable);

        // Enabling again keeps the same intent: no second intent for one instance.
        var again = Assert.Single(ps.Run("$instance | Enable-BackupAutoProtection -Policy (Get-BackupPolicy -Name HourlyLogBackup)").AssertNoErrors().OutputOf<ProtectionIntent>());
        Assert.Equal(intent.Name, again.Name);
        var listed = Assert.Single(ps.Run("Get-BackupAutoProtection").AssertNoErrors().OutputOf<ProtectionIntent>());
        Assert.Equal(intent.Id, listed.Id);

        // A new database is not protected until an inquiry finds it; then it is, with the intent's policy.
        await AddDatabaseAsync(emulator, "/emulator/vms/sqlserver-0/instances/MSSQLSERVER/databases", "ReturnsDB");
        Assert.Empty(ps.Run("Get-BackupProtectedItem -Name ReturnsDB -ErrorAction SilentlyContinue").Output);
        ps.Run("Get-BackupContainer -FriendlyName sqlserver-0 | Invoke-BackupContainerInquiry -Wait | Out-Null").AssertNoErrors();
        var added = Assert.Single(ps.Run("Get-BackupProtectedItem -Name ReturnsDB").AssertNoErrors().OutputOf<ProtectedItem>());
        Assert.Equal("HourlyLogBackup", added.PolicyName);
        Assert.Equal("MSSQLSERVER", added.ParentName);
        var configured = ps.Run("Get-BackupJob -Operation ConfigureBackup").AssertNoErrors().OutputOf<BackupJob>().ToList();
        Assert.Contains(configured, j => j.EntityFriendlyName == "ReturnsDB" && j.Status == "Completed");

        // Disabled: the protected databases stay protected, a later database is left alone.
        Assert.Empty(ps.Run("Get-BackupAutoProtection | Disable-BackupAutoProtection -WhatIf").AssertNoErrors().Output);
        Assert.Single(emulator.State.Vaults.Single().Intents);
        var removed = Assert.Single(ps.Run("Get-BackupAutoProtection -ServerName sqlserver* | Disable-BackupAutoProtection -PassThru -Confirm:$false").AssertNoErrors().OutputOf<ProtectionIntent>());
        Assert.Equal(intent.Id, removed.Id);
        Assert.Empty(ps.Run("Get-BackupAutoProtection").AssertNoErrors().Output);
        await AddDatabaseAsync(emulator, "/emulator/vms/sqlserver-0/instances/MSSQLSERVER/databases", "ArchiveDB");
        ps.Run("Get-BackupContainer -FriendlyName sqlserver-0 | Invoke-BackupContainerInquiry -Wait | Out-Null").AssertNoErrors();
        Assert.Equal(6, ps.Run("Get-BackupProtectedItem").AssertNoErrors().Output.Count);
        Assert.Equal("NotProtected", Assert.Single(ps.Run("Get-BackupProtectableItem -Name ArchiveDB").AssertNoErrors().OutputOf<ProtectableItem>()).ProtectionState);
    }

    [Fact]
    public async Task Only_an_instance_or_an_availability_group_is_auto_protected_and_the_refusal_sends_nothing()
    {
        await using var emulator = await StartAsync();
        using var ps = Prepared.RegisteredAndInquired(emulator);
        var before = emulator.Log.Entries.Count;
        var run = ps.Run("Get-BackupProtectableItem -Name msdb, model -ProtectableItemType SQLDataBase | Enable-BackupAutoProtection -PolicyName HourlyLogBackup");
        Assert.Null(run.TerminatingError);
        Assert.Equal(2, run.Errors.Count); // one per item, and the pipeline goes on
        Assert.All(run.Errors, e =>
        {
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.EndsWith("EnableAutoProtectionFailed,BackupCmdlets.Cmdlets.EnableBackupAutoProtectionCommand", e.FullyQualifiedErrorId);
            Assert.Contains("only a SQLInstance or a SQLAvailabilityGroupContainer", e.Exception.Message);
        });
        // Only the listing of the protectable items went out: no policy lookup, no intent.
        Assert.DoesNotContain(emulator.Log.Entries.Skip(before), e => e.Path.Contains("/backupPolicies/") || e.Path.Contains("backupProtectionIntent"));

        // Nothing auto-protected: Disable by item says so.
        var miss = ps.Run("Get-BackupProtectableItem -ProtectableItemType SQLInstance | Disable-BackupAutoProtection -Confirm:$false");
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(miss.Errors).CategoryInfo.Category);
        Assert.Contains("is not auto-protected", miss.Errors[0].Exception.Message);
    }

    [Fact]
    public async Task An_availability_group_across_two_VMs_is_listed_protected_backed_up_and_auto_protected()
    {
        await using var emulator = await StartAsync();
        using var ps = PowerShellSession.Connected(emulator);
        ps.Run("""
            Invoke-BackupContainerRefresh -Wait | Out-Null
            Get-BackupProtectableContainer | Where-Object FriendlyName -like 'sqlag-*' | Register-BackupContainer -Wait | Invoke-BackupContainerInquiry -Wait | Out-Null
            """).AssertNoErrors();

        // The group once (not once per node), its databases under it, and each node's own system databases.
        var group = Assert.Single(ps.Run("Get-BackupProtectableItem -ProtectableItemType SQLAvailabilityGroupContainer").AssertNoErrors().OutputOf<ProtectableItem>());
        Assert.Equal("shopkart-ag", group.FriendlyName);
        Assert.Equal("SQLAGWorkLoadContainer;shopkart-ag", group.ContainerName);
        Assert.True(group.IsAutoProtectable);
        var agDatabases = ps.Run("Get-BackupProtectableItem -ProtectableItemType SQLDataBase | Where-Object ParentName -eq 'shopkart-ag'").AssertNoErrors().OutputOf<ProtectableItem>().ToList();
        Assert.Equal(new[] { "OrdersDB", "PaymentsDB" }, agDatabases.Select(d => d.FriendlyName).Order());
        Assert.All(agDatabases, d => Assert.Equal("shopkart-agl.shopkart.com", d.ServerName));
        Assert.Equal(2, ps.Run("Get-BackupProtectableItem -Name msdb -ServerName sqlag-*").AssertNoErrors().Output.Count);
        var agContainer = Assert.Single(ps.Run("Get-BackupContainer -FriendlyName shopkart-ag").AssertNoErrors().OutputOf<ProtectionContainer>());
        Assert.Equal("SQLAGWorkLoadContainer", agContainer.ContainerType);

        // A group database is protected and backed up like an instance database.
        var orders = Assert.Single(ps.Run("$orders = Get-BackupProtectableItem -Name OrdersDB | Enable-BackupProtection -PolicyName HourlyLogBackup -Wait; $orders").AssertNoErrors().OutputOf<ProtectedItem>());
        Assert.Equal("shopkart-ag", orders.ParentName);
        Assert.Contains("/protectionContainers/SQLAGWorkLoadContainer;shopkart-ag/protectedItems/sqldatabase;shopkart-ag;ordersdb", orders.Id);
        var job = Assert.Single(ps.Run("$orders | Start-BackupItem -BackupType Full -Wait | Wait-BackupJob -PollInterval 0.1").AssertNoErrors().OutputOf<BackupJob>());
        Assert.Equal("Completed", job.Status);
        Assert.Equal("OrdersDB", job.EntityFriendlyName);
        Assert.Equal("Full", Assert.Single(ps.Run("$orders | Get-BackupRecoveryPoint").AssertNoErrors().OutputOf<RecoveryPoint>()).RecoveryPointType);

        // Auto-protecting the group protects its other database now and a new one after an inquiry of a node.
        var intent = Assert.Single(ps.Run("Get-BackupProtectableItem -ProtectableItemType SQLAvailabilityGroupContainer | Enable-BackupAutoProtection HourlyLogBackup").AssertNoErrors().OutputOf<ProtectionIntent>());
        Assert.Equal("SQLAvailabilityGroupContainer", intent.ItemType);
        Assert.Equal("shopkart-ag", intent.ServerName);
        Assert.Equal("PaymentsDB", Assert.Single(ps.Run("Get-BackupProtectedItem -Name PaymentsDB").AssertNoErrors().OutputOf<ProtectedItem>()).FriendlyName);
        await AddDatabaseAsync(emulator, "/emulator/availabilityGroups/shopkart-ag/databases", "LedgerDB");
        ps.Run("Get-BackupContainer -FriendlyName sqlag-1 | Invoke-BackupContainerInquiry -Wait | Out-Null").AssertNoErrors();
        var ledger = Assert.Single(ps.Run("Get-BackupProtectedItem -Name LedgerDB").AssertNoErrors().OutputOf<ProtectedItem>());
        Assert.Equal("shopkart-ag", ledger.ParentName);
        Assert.Equal(3, ps.Run("Get-BackupProtectedItem").AssertNoErrors().Output.Count); // the nodes' system databases are not the group's

        // The 80-column view of an intent shows its server, item, kind and policy whole.
        var text = string.Join("\n", ps.Run("Get-BackupAutoProtection | Out-String -Width 80").AssertNoErrors().Output.Select(o => o.ToString()));
        Assert.All(text.Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 80, l));
        Assert.Contains(text.Split('\n'), l => l.Contains("shopkart-ag") && l.Contains("AvailabilityGroup") && l.Contains("HourlyLogBackup"));
    }
}

/// <summary>The README's "Auto-protection and availability groups" block, run as written after the Quickstart's state.</summary>
public class AutoProtectionReadmeTests
{
    [Fact]
    public async Task The_READMEs_auto_protection_example_runs_as_written()
    {
        var readme = await File.ReadAllTextAsync(Repo.File("README.md"));
        var settings = TestEmulator.FastSettings();
        settings.OperationDuration = TimeSpan.FromMilliseconds(100);
        settings.RetryAfterSeconds = 0;
        settings.JobDuration = TimeSpan.Zero; // Wait-BackupJob as written polls every 15 s: the job has ended by the time it is read
        await using var emulator = await TestEmulator.StartAsync(settings);
        using var ps = Prepared.RegisteredAndInquired(emulator);
        using (var http = new HttpClient { BaseAddress = emulator.BaseUri })
            Assert.Equal(System.Net.HttpStatusCode.Created, (await http.PostAsJsonAsync("/emulator/vms/sqlserver-0/instances/MSSQLSERVER/databases", new { name = "ReturnsDB" })).StatusCode);

        var run = ps.Run(ReadmeExamplesTests.Runnable(ReadmeExamplesTests.Block(readme, "## Auto-protection and availability groups"), emulator.BaseUri));
        Assert.True(!run.AllErrors.Any(), string.Join("\n", run.AllErrors.Select(e => e.Exception.Message)));
        Assert.Contains(run.OutputOf<BackupJob>(), j => j.Operation == "ConfigureBackup" && j.EntityFriendlyName == "ReturnsDB");
        Assert.Equal("sqlserver-0", Assert.Single(run.OutputOf<ProtectionIntent>().Select(i => i.ServerName).Distinct()));
        Assert.Equal("shopkart-ag", Assert.Single(run.OutputOf<ProtectableItem>()).FriendlyName);
        var backup = run.OutputOf<BackupJob>().Single(j => j.Operation == "Backup");
        Assert.Equal(("Completed", "OrdersDB"), (backup.Status, backup.EntityFriendlyName));
    }
}
