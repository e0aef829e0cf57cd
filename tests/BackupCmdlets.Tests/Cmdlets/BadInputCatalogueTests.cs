using System.Management.Automation;
using System.Text.RegularExpressions;
using BackupCmdlets.Emulator;
using BackupCmdlets.Tests.Support;
using static BackupCmdlets.Tests.Support.CmdletInputObjects;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Bad input is refused before any request, with a message that names the parameter and what would be
/// valid. Each case is typed into a real runspace connected to a live emulator, whose request log must not
/// grow. Values outside a ValidateSet or ValidateRange, and empty mandatory strings, are refused by
/// PowerShell's binder before the cmdlet runs; the rest by the cmdlet itself.
/// </summary>
public class BadInputCatalogueTests(ConnectedVault vault) : IClassFixture<ConnectedVault>
{
    /// <summary>Who refuses: the cmdlet (InvalidArgument), or PowerShell's binder with this error id.</summary>
    const string ByCmdlet = "";
    const string NotInSet = "ParameterArgumentValidationError";
    const string EmptyMandatory = "ParameterArgumentValidationErrorEmptyStringNotAllowed";

    /// <summary>A case: the script as a user types it ($in is piped input), who refuses it, and what the message must say.</summary>
    sealed record Case(string Script, string RefusedBy, Func<object[]>? Input, params string[] Message);

    static Case Cmdlet(string script, params string[] message) => new(script, ByCmdlet, null, message);
    static Case Cmdlet(Func<object[]> input, string script, params string[] message) => new(script, ByCmdlet, input, message);
    static Case Binder(string id, string script, params string[] message) => new(script, id, null, message);

    /// <summary>Connect-BackupVault to the test vault on the emulator, with the given parameters changed (values as typed).</summary>
    static string Connect(params (string Parameter, string Value)[] changes)
    {
        var parameters = new Dictionary<string, string>
        {
            ["SubscriptionId"] = "'" + Sub + "'", ["ResourceGroupName"] = "SQLServerSelfHost", ["Name"] = "SQLServer2012",
            ["Environment"] = "Emulator", ["ResourceManagerUrl"] = "$url",
        };
        foreach (var (parameter, value) in changes)
            if (value == null) parameters.Remove(parameter);
            else parameters[parameter] = value;
        return "Connect-BackupVault " + string.Join(" ", parameters.Select(p => $"-{p.Key} {p.Value}"));
    }

    static readonly Dictionary<string, Case> Cases = new()
    {
        ["Connect: subscription that is not a GUID"] = Cmdlet(Connect(("SubscriptionId", "1234")), "-SubscriptionId", "GUID"),
        ["Connect: empty resource group"] = Cmdlet(Connect(("ResourceGroupName", "''")), "-ResourceGroupName", "empty"),
        ["Connect: resource group with a slash"] = Cmdlet(Connect(("ResourceGroupName", "'a/b'")), "-ResourceGroupName", "cannot hold"),
        ["Connect: vault name with a hash"] = Cmdlet(Connect(("Name", "'v#1'")), "-Name", "cannot hold"),
        ["Connect: vault name with a wildcard"] = Cmdlet(Connect(("Name", "'SQL*'")), "-Name", "wildcards are not allowed"),
        ["Connect: vault id that is no id"] = Cmdlet(Connect(("SubscriptionId", null!), ("ResourceGroupName", null!), ("Name", null!), ("VaultId", "SQLServer2012")), "-VaultId", "/subscriptions/"),
        ["Connect: vault id of a VM"] = Cmdlet(Connect(("SubscriptionId", null!), ("ResourceGroupName", null!), ("Name", null!), ("VaultId", $"'/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm'")), "-VaultId", "Recovery Services vault"),
        ["Connect: unknown environment"] = Binder(NotInSet, Connect(("Environment", "Mars")), "'Environment'", "AzureCloud"),
        ["Connect: api-version of the wrong form"] = Cmdlet(Connect(("ApiVersion", "latest")), "-ApiVersion", "2025-08-01"),
        ["Connect: plain http to a remote host"] = Cmdlet(Connect(("ResourceManagerUrl", "http://management.example.com/")), "-ResourceManagerUrl", "https"),
        ["Connect: relative endpoint"] = Cmdlet(Connect(("ResourceManagerUrl", "management")), "-ResourceManagerUrl", "absolute"),
        ["Connect: too many retries"] = Binder(NotInSet, Connect(("MaxRetries", "99")), "'MaxRetries'", "maximum allowed range of 20"),
        ["Connect: negative retry timeout"] = Binder(NotInSet, Connect(("RetryTimeout", "-5")), "'RetryTimeout'", "minimum allowed range of 1"),
        ["Refresh: unknown management type"] = Binder(NotInSet, "Invoke-BackupContainerRefresh -BackupManagementType Tape", "'BackupManagementType'", "AzureWorkload"),
        ["Protectable containers: empty name"] = Cmdlet("Get-BackupProtectableContainer -FriendlyName ''", "-FriendlyName", "empty"),
        ["Protectable containers: name with a slash"] = Cmdlet("Get-BackupProtectableContainer -FriendlyName 'a/b'", "-FriendlyName", "cannot hold"),
        ["Protectable containers: unknown management type"] = Binder(NotInSet, "Get-BackupProtectableContainer -BackupManagementType Disk", "'BackupManagementType'", "AzureStorage"),
        ["Register: wildcard where one VM is required"] = Cmdlet("Register-BackupContainer -FriendlyName 'sql*'", "-FriendlyName", "wildcards are not allowed"),
        ["Register: unknown workload"] = Binder(NotInSet, "Register-BackupContainer -FriendlyName sqlserver-0 -WorkloadType Oracle", "'WorkloadType'", "SQLDataBase"),
        ["Register: container of another vault"] = Cmdlet(() => [ProtectableIn(Elsewhere)], "$in | Register-BackupContainer", "-InputObject", "Elsewhere"),
        ["Get-BackupContainer: wildcard in the exact name"] = Cmdlet("Get-BackupContainer -Name 'VMAppContainer;*'", "-Name", "wildcards are not allowed"),
        ["Get-BackupContainer: blank name"] = Cmdlet("Get-BackupContainer -Name ' '", "-Name", "empty"),
        ["Get-BackupContainer: unknown management type"] = Binder(NotInSet, "Get-BackupContainer -BackupManagementType x", "'BackupManagementType'", "AzureIaasVM"),
        ["Inquiry: name with a slash"] = Cmdlet("Invoke-BackupContainerInquiry -Name 'VMAppContainer/x'", "-Name", "cannot hold"),
        ["Inquiry: unknown workload"] = Binder(NotInSet, "Invoke-BackupContainerInquiry -Name 'VMAppContainer;Compute;a;b' -WorkloadType Exchange", "'WorkloadType'", "SAPHanaDatabase"),
        ["Inquiry: container of another vault"] = Cmdlet(() => [ContainerIn(Elsewhere)], "$in | Invoke-BackupContainerInquiry", "-InputObject", "Elsewhere"),
        ["Protectable items: unknown item type"] = Binder(NotInSet, "Get-BackupProtectableItem -ProtectableItemType Oracle", "'ProtectableItemType'", "SQLDataBase"),
        ["Protectable items: unknown workload"] = Binder(NotInSet, "Get-BackupProtectableItem -WorkloadType x", "'WorkloadType'", "SQLDataBase"),
        ["Protectable items: unknown management type"] = Binder(NotInSet, "Get-BackupProtectableItem -BackupManagementType AzureSql", "'BackupManagementType'", "AzureWorkload"),
        ["Protectable items: server name with a hash"] = Cmdlet("Get-BackupProtectableItem -ServerName 'a#b'", "-ServerName", "cannot hold"),
        ["Get-BackupPolicy: name with a quote"] = Cmdlet("Get-BackupPolicy -Name \"a'b\"", "-Name", "cannot hold"),
        ["Get-BackupPolicy: unknown management type"] = Binder(NotInSet, "Get-BackupPolicy -BackupManagementType x", "'BackupManagementType'", "AzureWorkload"),
        ["Enable: policy of another vault"] = Cmdlet(() => [ProtectableItemIn(Here)], "$in | Enable-BackupProtection -Policy $policyElsewhere", "-Policy", "Elsewhere"),
        ["Enable: wildcard policy name"] = Cmdlet(() => [ProtectableItemIn(Here)], "$in | Enable-BackupProtection -PolicyName 'Hourly*'", "-PolicyName", "wildcards are not allowed"),
        ["Enable: empty policy name"] = Binder(EmptyMandatory, "$in | Enable-BackupProtection -PolicyName ''", "'PolicyName'", "empty string"),
        ["Enable: item of another vault"] = Cmdlet(() => [ProtectableItemIn(Elsewhere)], "$in | Enable-BackupProtection -Policy $policyHere", "-InputObject", "Elsewhere"),
        ["Enable: an instance rather than a database"] = Cmdlet(() => [ProtectableItemIn(Here, "SQLInstance")], "$in | Enable-BackupProtection -Policy $policyHere", "SQLInstance", "SQLDataBase"),
        ["Protected items: unknown management type"] = Binder(NotInSet, "Get-BackupProtectedItem -BackupManagementType x", "'BackupManagementType'", "AzureWorkload"),
        ["Protected items: unknown workload"] = Binder(NotInSet, "Get-BackupProtectedItem -WorkloadType x", "'WorkloadType'", "SQLDataBase"),
        ["Protected items: name with a slash"] = Cmdlet("Get-BackupProtectedItem -FriendlyName 'a/b'", "-FriendlyName", "cannot hold"),
        ["Start: unknown backup type"] = Binder(NotInSet, "$in | Start-BackupItem -BackupType Everything", "'BackupType'", "CopyOnlyFull"),
        ["Start: expiry in the past"] = Cmdlet(() => [ItemIn(Here)], "$in | Start-BackupItem -ExpiryDateTimeUtc $yesterday", "-ExpiryDateTimeUtc", "past"),
        ["Start: expiry beyond 99 years"] = Cmdlet(() => [ItemIn(Here)], "$in | Start-BackupItem -ExpiryDateTimeUtc $century", "-ExpiryDateTimeUtc", "99 years"),
        ["Start: full backup kept less than 45 days"] = Cmdlet(() => [ItemIn(Here)], "$in | Start-BackupItem -BackupType Full -ExpiryDateTimeUtc $tenDays", "-ExpiryDateTimeUtc", "45 days", "CopyOnlyFull"),
        ["Start: expiry on a differential backup"] = Cmdlet(() => [ItemIn(Here)], "$in | Start-BackupItem -BackupType Differential -ExpiryDateTimeUtc $sixtyDays", "-ExpiryDateTimeUtc", "policy"),
        ["Start: expiry on a log backup"] = Cmdlet(() => [ItemIn(Here)], "$in | Start-BackupItem -BackupType Log -ExpiryDateTimeUtc $sixtyDays", "-ExpiryDateTimeUtc", "policy"),
        ["Start: backup type for a VM"] = Cmdlet(() => [ItemIn(Here, "AzureIaasVM")], "$in | Start-BackupItem -BackupType Full", "-BackupType", "has no backup type"),
        ["Start: item of another vault"] = Cmdlet(() => [ItemIn(Elsewhere)], "$in | Start-BackupItem", "-InputObject", "Elsewhere"),
        ["Wait-BackupOperation: negative timeout"] = Binder(NotInSet, "@() | Wait-BackupOperation -Timeout -1", "'Timeout'", "minimum allowed range of 1"),
        ["Get-BackupJob: id with a slash"] = Cmdlet("Get-BackupJob -JobId 'a/b'", "-JobId", "cannot hold"),
        ["Get-BackupJob: wildcard id"] = Cmdlet("Get-BackupJob -JobId '*'", "-JobId", "wildcards are not allowed"),
        ["Get-BackupJob: unknown status"] = Binder(NotInSet, "Get-BackupJob -Status Done", "'Status'", "InProgress"),
        ["Get-BackupJob: unknown operation"] = Binder(NotInSet, "Get-BackupJob -Operation Explode", "'Operation'", "Backup"),
        ["Wait-BackupJob: negative poll interval"] = Binder(NotInSet, "@() | Wait-BackupJob -PollInterval -1", "'PollInterval'", "minimum allowed range of 0.1"),
        ["Wait-BackupJob: negative timeout"] = Binder(NotInSet, "@() | Wait-BackupJob -Timeout -1", "'Timeout'", "minimum allowed range of 1"),
        ["Get-BackupJob: From after To"] = Cmdlet("Get-BackupJob -From $now -To $yesterday", "-From", "after -To"),
        ["Stop-BackupJob: wildcard id"] = Cmdlet("Stop-BackupJob -JobId '*'", "-JobId", "wildcards are not allowed"),
        ["Stop-BackupJob: job of another vault"] = Cmdlet(() => [JobIn(Elsewhere)], "$in | Stop-BackupJob", "-Job", "Elsewhere"),
        ["Recovery points: id with a slash"] = Cmdlet(() => [ItemIn(Here)], "$in | Get-BackupRecoveryPoint -Id '1/2'", "-Id", "cannot hold"),
        ["Recovery points: id with a time range"] = Cmdlet(() => [ItemIn(Here)], "$in | Get-BackupRecoveryPoint -Id 1 -From $yesterday", "-Id", "-From"),
        ["Recovery points: From after To"] = Cmdlet(() => [ItemIn(Here)], "$in | Get-BackupRecoveryPoint -From $now -To $yesterday", "-From", "after -To"),
        ["Recovery points: a job still running"] = Cmdlet(() => [JobIn(Here)], "$in | Get-BackupRecoveryPoint", "-Job", "Wait-BackupJob"),
        ["Auto-protection: a database rather than an instance"] = Cmdlet(() => [ProtectableItemIn(Here)], "$in | Enable-BackupAutoProtection -Policy $policyHere", "SQLDataBase", "SQLInstance"),
        ["Auto-protection: instance of another vault"] = Cmdlet(() => [ProtectableItemIn(Elsewhere, "SQLInstance")], "$in | Enable-BackupAutoProtection -Policy $policyHere", "-InputObject", "Elsewhere"),
        ["Auto-protection: policy of another vault"] = Cmdlet(() => [ProtectableItemIn(Here, "SQLInstance")], "$in | Enable-BackupAutoProtection -Policy $policyElsewhere", "-Policy", "Elsewhere"),
        ["Disable auto-protection: a database rather than an instance"] = Cmdlet(() => [ProtectableItemIn(Here)], "$in | Disable-BackupAutoProtection", "-Item", "SQLDataBase"),
        ["Get-BackupAutoProtection: unknown item type"] = Binder(NotInSet, "Get-BackupAutoProtection -ItemType SQLDataBase", "'ItemType'", "SQLInstance"),
        ["Get-BackupAutoProtection: server name with a hash"] = Cmdlet("Get-BackupAutoProtection -ServerName 'a#b'", "-ServerName", "cannot hold"),
        ["Disable: item of another vault"] = Cmdlet(() => [ItemIn(Elsewhere)], "$in | Disable-BackupProtection -Confirm:$false", "-InputObject", "Elsewhere"),
        ["Set: policy of another vault"] = Cmdlet(() => [ItemIn(Here)], "$in | Set-BackupProtection -Policy $policyElsewhere", "-Policy", "Elsewhere"),
        ["Set: wildcard policy name"] = Cmdlet(() => [ItemIn(Here)], "$in | Set-BackupProtection -PolicyName 'Hourly*'", "-PolicyName", "wildcards are not allowed"),
        ["Set: item of another vault"] = Cmdlet(() => [ItemIn(Elsewhere)], "$in | Set-BackupProtection -Policy $policyHere", "-InputObject", "Elsewhere"),
        ["Enable: resume with a policy of another vault"] = Cmdlet(() => [ItemIn(Here)], "$in | Enable-BackupProtection -Policy $policyElsewhere", "-Policy", "Elsewhere"),
        ["Unregister: container of another vault"] = Cmdlet(() => [ContainerIn(Elsewhere)], "$in | Unregister-BackupContainer -Confirm:$false", "-InputObject", "Elsewhere"),
        ["Undo deletion: an item that is not deleted"] = Cmdlet(() => [ItemIn(Here)], "$in | Undo-BackupItemDeletion", "msdb", "not deleted"),
        ["Enable: no item to protect or resume"] = Cmdlet("Enable-BackupProtection -PolicyName HourlyLogBackup", "-InputObject", "-Item"),
        ["Protected items: unknown delete state"] = Binder(NotInSet, "Get-BackupProtectedItem -DeleteState Gone", "'DeleteState'", "ToBeDeleted"),
        ["Recovery points: log chain and id"] = Cmdlet(() => [ItemIn(Here)], "$in | Get-BackupRecoveryPoint -Id 1 -LogChain", "-LogChain", "-Id"),
        ["Restore: a point in time on a single point"] = Cmdlet(() => [RecoveryPointIn(Here)], "$in | Restore-BackupItem -OriginalLocation -PointInTime $now -Confirm:$false", "-PointInTime", "-LogChain"),
        ["Restore: a VM's target for a database"] = Cmdlet(() => [RecoveryPointIn(Here)], "$in | Restore-BackupItem -StorageAccountId /subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a -Confirm:$false", "-StorageAccountId", "-TargetContainer"),
        ["Restore: not a storage account"] = Cmdlet(() => [RecoveryPointIn(Here)], "$in | Restore-BackupItem -StorageAccountId shopkartfiles -Confirm:$false", "-StorageAccountId", "not a storage account"),
        ["Restore: a SQL name SQL refuses"] = Cmdlet(() => [RecoveryPointIn(Here), ContainerIn(Here)], "Restore-BackupItem -RecoveryPoint $in[0] -TargetContainer $in[1] -TargetDatabaseName 'a;b' -Confirm:$false", "-TargetDatabaseName", "SQL Server name"),
        ["Restore: conflicts for a database"] = Cmdlet(() => [RecoveryPointIn(Here)], "$in | Restore-BackupItem -OriginalLocation -ConflictResolution Skip -Confirm:$false", "-ConflictResolution", "file shares only"),
        ["Restore: unknown conflict option"] = Binder(NotInSet, "@() | Restore-BackupItem -OriginalLocation -ConflictResolution Maybe", "'ConflictResolution'", "Overwrite"),
        ["Restore: a point of another vault"] = Cmdlet(() => [RecoveryPointIn(Elsewhere)], "$in | Restore-BackupItem -OriginalLocation -Confirm:$false", "-RecoveryPoint", "Elsewhere"),
    };

    public static IEnumerable<object[]> Names() => Cases.Keys.Select(k => new object[] { k });

    static readonly string[] CmdletNames = ModuleMetadata.Cmdlets.Select(ModuleMetadata.Name).ToArray();

    /// <summary>The module cmdlet a case's script runs (each script runs exactly one).</summary>
    static string CommandOf(Case c)
    {
        var used = CmdletNames.Where(n => Regex.IsMatch(c.Script, $@"(^|[\s|(]){Regex.Escape(n)}\b", RegexOptions.IgnoreCase)).ToList();
        Assert.True(used.Count == 1, $"'{c.Script}' runs {used.Count} module cmdlets");
        return used[0];
    }

    [Fact]
    public void The_catalogue_has_at_least_forty_cases_and_touches_every_cmdlet_that_takes_input()
    {
        Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");
        // Get-BackupContext and Disconnect-BackupVault take no input that could be wrong.
        var withoutInput = new[] { "Get-BackupContext", "Disconnect-BackupVault" };
        Assert.Equal(CmdletNames.Except(withoutInput).OrderBy(n => n), Cases.Values.Select(CommandOf).Distinct().OrderBy(n => n));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Refused_before_any_request(string name)
    {
        var @case = Cases[name];
        var command = CommandOf(@case);
        var before = vault.Emulator.Log.Count;
        var now = DateTime.UtcNow;

        var caught = vault.Ps.Caught(@case.Script,
            ("in", @case.Input?.Invoke() ?? Array.Empty<object>()), ("url", vault.Emulator.BaseUri),
            ("policyHere", PolicyIn(Here)), ("policyElsewhere", PolicyIn(Elsewhere)),
            ("now", now), ("yesterday", now.AddDays(-1)), ("tenDays", now.AddDays(10)), ("sixtyDays", now.AddDays(60)), ("century", now.AddYears(100)));

        // Refused as a terminating error, or (for one bad pipeline item) as that item's only error with nothing output.
        var error = caught.Error ?? Assert.Single(caught.Run.Errors);
        if (caught.Error != null) Assert.Empty(caught.Run.Errors);
        Assert.Empty(caught.Run.Output);

        Assert.EndsWith($",BackupCmdlets.Cmdlets.{command.Replace("-", "")}Command", error.FullyQualifiedErrorId);
        if (@case.RefusedBy == ByCmdlet)
        {
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        }
        else
        {
            Assert.Equal($"{@case.RefusedBy},BackupCmdlets.Cmdlets.{command.Replace("-", "")}Command", error.FullyQualifiedErrorId);
            Assert.IsAssignableFrom<ParameterBindingException>(error.Exception); // the cmdlet never ran
        }
        foreach (var part in @case.Message) Assert.Contains(part, error.Exception.Message);
        Assert.Equal(before, vault.Emulator.Log.Count);
    }
}
