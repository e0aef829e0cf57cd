#if STAND_IN_ENGINE // not yet ported to real runspaces (issue 8)
using System.Management.Automation;
using System.Text.Json;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Cmdlets;
using BackupCmdlets.Infrastructure;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.CmdletTests;

/// <summary>
/// Bad input is refused before any request, with a message that names the parameter and what would
/// be valid. Each case runs against a live emulator whose request log must stay empty.
/// </summary>
[Collection(SessionCollection.Name)]
public class BadInputCatalogueTests
{
    const string Sub = TestEmulator.Subscription;
    const string Here = "/subscriptions/" + Sub + "/resourceGroups/SQLServerSelfHost/providers/Microsoft.RecoveryServices/vaults/SQLServer2012";
    const string Elsewhere = "/subscriptions/" + Sub + "/resourceGroups/Other/providers/Microsoft.RecoveryServices/vaults/Elsewhere";
    const string Container = "/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0";

    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
    static ProtectableContainer ProtectableIn(string vault) => new(Json($$$"""{"id":"{{{vault}}}/backupFabrics/Azure/protectableContainers/VMAppContainer;Compute;rg;vm","name":"VMAppContainer;Compute;rg;vm","properties":{"friendlyName":"vm","protectableContainerType":"VMAppContainer","backupManagementType":"AzureWorkload"}}"""));
    static ProtectionContainer ContainerIn(string vault) => new(Json($$$"""{"id":"{{{vault}}}{{{Container}}}","name":"VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0","properties":{"friendlyName":"sqlserver-0","containerType":"VMAppContainer","registrationStatus":"Registered"}}"""));
    static ProtectableItem ProtectableItemIn(string vault, string type = "SQLDataBase") => new(Json($$$"""{"id":"{{{vault}}}{{{Container}}}/protectableItems/sqldatabase;mssqlserver;msdb","name":"sqldatabase;mssqlserver;msdb","properties":{"protectableItemType":"{{{type}}}","friendlyName":"msdb","backupManagementType":"AzureWorkload","workloadType":"SQLDataBase"}}"""));
    static ProtectedItem ItemIn(string vault, string managementType = "AzureWorkload") => new(Json($$$"""{"id":"{{{vault}}}{{{Container}}}/protectedItems/sqldatabase;mssqlserver;msdb","name":"sqldatabase;mssqlserver;msdb","properties":{"protectedItemType":"AzureVmWorkloadSQLDatabase","friendlyName":"msdb","backupManagementType":"{{{managementType}}}"}}"""));
    static BackupJob JobIn(string vault) => new(Json($$$"""{"id":"{{{vault}}}/backupJobs/j1","name":"j1","properties":{"jobType":"AzureWorkloadJob","operation":"Backup","status":"InProgress","entityFriendlyName":"msdb","backupManagementType":"AzureWorkload"}}"""));
    static BackupPolicy PolicyIn(string vault) => new(Json($$$"""{"id":"{{{vault}}}/backupPolicies/HourlyLogBackup","name":"HourlyLogBackup","properties":{"backupManagementType":"AzureWorkload"}}"""));

    static ConnectBackupVaultCommand Connect(Action<ConnectBackupVaultCommand> change)
    {
        var c = new ConnectBackupVaultCommand { SubscriptionId = Sub, ResourceGroupName = "SQLServerSelfHost", Name = "SQLServer2012", Environment = "Emulator" };
        change(c);
        return c;
    }

    sealed record Case(Func<Uri, BackupCmdletBase> Cmdlet, object[]? Input, params string[] Message);

    static readonly Dictionary<string, Case> Cases = new()
    {
        ["Connect: subscription that is not a GUID"] = new(u => Connect(c => c.SubscriptionId = "1234"), null, "-SubscriptionId", "GUID"),
        ["Connect: empty resource group"] = new(u => Connect(c => c.ResourceGroupName = ""), null, "-ResourceGroupName", "empty"),
        ["Connect: resource group with a slash"] = new(u => Connect(c => c.ResourceGroupName = "a/b"), null, "-ResourceGroupName", "cannot hold"),
        ["Connect: vault name with a question mark"] = new(u => Connect(c => c.Name = "v#1"), null, "-Name", "cannot hold"),
        ["Connect: vault name with a wildcard"] = new(u => Connect(c => c.Name = "SQL*"), null, "-Name", "wildcards are not allowed"),
        ["Connect: vault id that is no id"] = new(u => new ConnectBackupVaultCommand { VaultId = "SQLServer2012", Environment = "Emulator" }, null, "-VaultId", "/subscriptions/"),
        ["Connect: vault id of a VM"] = new(u => new ConnectBackupVaultCommand { VaultId = "/subscriptions/" + Sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm", Environment = "Emulator" }, null, "-VaultId", "Recovery Services vault"),
        ["Connect: unknown environment"] = new(u => Connect(c => c.Environment = "Mars"), null, "-Environment", "AzureCloud"),
        ["Connect: api-version of the wrong form"] = new(u => Connect(c => c.ApiVersion = "latest"), null, "-ApiVersion", "2025-08-01"),
        ["Connect: plain http to a remote host"] = new(u => Connect(c => c.ResourceManagerUrl = new Uri("http://management.example.com/")), null, "-ResourceManagerUrl", "https"),
        ["Connect: relative endpoint"] = new(u => Connect(c => c.ResourceManagerUrl = new Uri("management", UriKind.Relative)), null, "-ResourceManagerUrl", "absolute"),
        ["Connect: too many retries"] = new(u => Connect(c => c.MaxRetries = 99), null, "-MaxRetries", "0 to 20"),
        ["Connect: negative retry timeout"] = new(u => Connect(c => c.RetryTimeout = -5), null, "-RetryTimeout", "positive"),
        ["Refresh: unknown management type"] = new(u => new InvokeBackupContainerRefreshCommand { BackupManagementType = "Tape" }, null, "-BackupManagementType", "AzureWorkload"),
        ["Protectable containers: empty name"] = new(u => new GetBackupProtectableContainerCommand { FriendlyName = new[] { "" } }, null, "-FriendlyName", "empty"),
        ["Protectable containers: name with a slash"] = new(u => new GetBackupProtectableContainerCommand { FriendlyName = new[] { "a/b" } }, null, "-FriendlyName", "cannot hold"),
        ["Protectable containers: unknown management type"] = new(u => new GetBackupProtectableContainerCommand { BackupManagementType = "Disk" }, null, "-BackupManagementType", "AzureStorage"),
        ["Register: wildcard where one VM is required"] = new(u => new RegisterBackupContainerCommand { FriendlyName = "sql*" }, null, "-FriendlyName", "wildcards are not allowed"),
        ["Register: unknown workload"] = new(u => new RegisterBackupContainerCommand { FriendlyName = "sqlserver-0", WorkloadType = "Oracle" }, null, "-WorkloadType", "SQLDataBase"),
        ["Register: container of another vault"] = new(u => new RegisterBackupContainerCommand(), new object[] { ProtectableIn(Elsewhere) }, "-InputObject", "Elsewhere"),
        ["Get-BackupContainer: wildcard in the exact name"] = new(u => new GetBackupContainerCommand { Name = "VMAppContainer;*" }, null, "-Name", "wildcards are not allowed"),
        ["Get-BackupContainer: blank name"] = new(u => new GetBackupContainerCommand { Name = " " }, null, "-Name", "empty"),
        ["Get-BackupContainer: unknown management type"] = new(u => new GetBackupContainerCommand { BackupManagementType = "x" }, null, "-BackupManagementType", "AzureIaasVM"),
        ["Inquiry: name with a slash"] = new(u => new InvokeBackupContainerInquiryCommand { Name = "VMAppContainer/x" }, null, "-Name", "cannot hold"),
        ["Inquiry: unknown workload"] = new(u => new InvokeBackupContainerInquiryCommand { Name = "VMAppContainer;Compute;a;b", WorkloadType = "Exchange" }, null, "-WorkloadType", "SAPHanaDatabase"),
        ["Inquiry: container of another vault"] = new(u => new InvokeBackupContainerInquiryCommand(), new object[] { ContainerIn(Elsewhere) }, "-InputObject", "Elsewhere"),
        ["Protectable items: unknown item type"] = new(u => new GetBackupProtectableItemCommand { ProtectableItemType = "Oracle" }, null, "-ProtectableItemType", "SQLDataBase"),
        ["Protectable items: unknown workload"] = new(u => new GetBackupProtectableItemCommand { WorkloadType = "x" }, null, "-WorkloadType", "SQLDataBase"),
        ["Protectable items: unknown management type"] = new(u => new GetBackupProtectableItemCommand { BackupManagementType = "AzureSql" }, null, "-BackupManagementType", "AzureWorkload"),
        ["Protectable items: server name with a hash"] = new(u => new GetBackupProtectableItemCommand { ServerName = new[] { "a#b" } }, null, "-ServerName", "cannot hold"),
        ["Get-BackupPolicy: name with a quote"] = new(u => new GetBackupPolicyCommand { Name = new[] { "a'b" } }, null, "-Name", "cannot hold"),
        ["Get-BackupPolicy: unknown management type"] = new(u => new GetBackupPolicyCommand { BackupManagementType = "x" }, null, "-BackupManagementType", "AzureWorkload"),
        ["Enable: policy of another vault"] = new(u => new EnableBackupProtectionCommand { Policy = PolicyIn(Elsewhere) }, new object[] { ProtectableItemIn(Here) }, "-Policy", "Elsewhere"),
        ["Enable: wildcard policy name"] = new(u => new EnableBackupProtectionCommand { PolicyName = "Hourly*" }, new object[] { ProtectableItemIn(Here) }, "-PolicyName", "wildcards are not allowed"),
        ["Enable: empty policy name"] = new(u => new EnableBackupProtectionCommand { PolicyName = "" }, new object[] { ProtectableItemIn(Here) }, "-PolicyName", "empty"),
        ["Enable: item of another vault"] = new(u => new EnableBackupProtectionCommand { Policy = PolicyIn(Here) }, new object[] { ProtectableItemIn(Elsewhere) }, "-InputObject", "Elsewhere"),
        ["Enable: an instance rather than a database"] = new(u => new EnableBackupProtectionCommand { Policy = PolicyIn(Here) }, new object[] { ProtectableItemIn(Here, "SQLInstance") }, "SQLInstance", "SQLDataBase"),
        ["Protected items: unknown management type"] = new(u => new GetBackupProtectedItemCommand { BackupManagementType = "x" }, null, "-BackupManagementType", "AzureWorkload"),
        ["Protected items: unknown workload"] = new(u => new GetBackupProtectedItemCommand { WorkloadType = "x" }, null, "-WorkloadType", "SQLDataBase"),
        ["Protected items: name with a slash"] = new(u => new GetBackupProtectedItemCommand { FriendlyName = new[] { "a/b" } }, null, "-FriendlyName", "cannot hold"),
        ["Start: unknown backup type"] = new(u => new StartBackupItemCommand { BackupType = "Everything" }, new object[] { ItemIn(Here) }, "-BackupType", "CopyOnlyFull"),
        ["Start: expiry in the past"] = new(u => new StartBackupItemCommand { ExpiryDateTimeUtc = DateTime.UtcNow.AddDays(-1) }, new object[] { ItemIn(Here) }, "-ExpiryDateTimeUtc", "past"),
        ["Start: expiry beyond 99 years"] = new(u => new StartBackupItemCommand { ExpiryDateTimeUtc = DateTime.UtcNow.AddYears(100) }, new object[] { ItemIn(Here) }, "-ExpiryDateTimeUtc", "99 years"),
        ["Start: full backup kept less than 45 days"] = new(u => new StartBackupItemCommand { BackupType = "Full", ExpiryDateTimeUtc = DateTime.UtcNow.AddDays(10) }, new object[] { ItemIn(Here) }, "-ExpiryDateTimeUtc", "45 days", "CopyOnlyFull"),
        ["Start: expiry on a differential backup"] = new(u => new StartBackupItemCommand { BackupType = "Differential", ExpiryDateTimeUtc = DateTime.UtcNow.AddDays(60) }, new object[] { ItemIn(Here) }, "-ExpiryDateTimeUtc", "policy"),
        ["Start: expiry on a log backup"] = new(u => new StartBackupItemCommand { BackupType = "Log", ExpiryDateTimeUtc = DateTime.UtcNow.AddDays(60) }, new object[] { ItemIn(Here) }, "-ExpiryDateTimeUtc", "policy"),
        ["Start: backup type for a VM"] = new(u => new StartBackupItemCommand { BackupType = "Full" }, new object[] { ItemIn(Here, "AzureIaasVM") }, "-BackupType", "has no backup type"),
        ["Start: item of another vault"] = new(u => new StartBackupItemCommand(), new object[] { ItemIn(Elsewhere) }, "-InputObject", "Elsewhere"),
        ["Wait-BackupOperation: negative timeout"] = new(u => new WaitBackupOperationCommand { Timeout = -1 }, null, "-Timeout", "positive"),
        ["Get-BackupJob: id with a slash"] = new(u => new GetBackupJobCommand { JobId = new[] { "a/b" } }, null, "-JobId", "cannot hold"),
        ["Get-BackupJob: wildcard id"] = new(u => new GetBackupJobCommand { JobId = new[] { "*" } }, null, "-JobId", "wildcards are not allowed"),
        ["Get-BackupJob: unknown status"] = new(u => new GetBackupJobCommand { Status = "Done" }, null, "-Status", "InProgress"),
        ["Get-BackupJob: unknown operation"] = new(u => new GetBackupJobCommand { Operation = "Explode" }, null, "-Operation", "Backup"),
        ["Wait-BackupJob: negative poll interval"] = new(u => new WaitBackupJobCommand { PollInterval = -1 }, null, "-PollInterval", "positive"),
        ["Wait-BackupJob: negative timeout"] = new(u => new WaitBackupJobCommand { Timeout = -1 }, null, "-Timeout", "positive"),
        ["Get-BackupJob: From after To"] = new(u => new GetBackupJobCommand { From = DateTime.UtcNow, To = DateTime.UtcNow.AddDays(-1) }, null, "-From", "after -To"),
        ["Stop-BackupJob: wildcard id"] = new(u => new StopBackupJobCommand { JobId = "*" }, null, "-JobId", "wildcards are not allowed"),
        ["Stop-BackupJob: job of another vault"] = new(u => new StopBackupJobCommand(), new object[] { JobIn(Elsewhere) }, "-Job", "Elsewhere"),
        ["Recovery points: id with a slash"] = new(u => new GetBackupRecoveryPointCommand { Id = "1/2" }, new object[] { ItemIn(Here) }, "-Id", "cannot hold"),
        ["Recovery points: id with a time range"] = new(u => new GetBackupRecoveryPointCommand { Id = "1", From = DateTime.UtcNow.AddDays(-1) }, new object[] { ItemIn(Here) }, "-Id", "-From"),
        ["Recovery points: From after To"] = new(u => new GetBackupRecoveryPointCommand { From = DateTime.UtcNow, To = DateTime.UtcNow.AddDays(-1) }, new object[] { ItemIn(Here) }, "-From", "after -To"),
        ["Recovery points: a job still running"] = new(u => new GetBackupRecoveryPointCommand(), new object[] { JobIn(Here) }, "-Job", "Wait-BackupJob"),
    };

    public static IEnumerable<object[]> Names() => Cases.Keys.Select(k => new object[] { k });

    [Fact]
    public void The_catalogue_has_at_least_forty_cases_and_touches_every_cmdlet()
    {
        Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");
        var cmdlets = Cases.Values.Select(c => c.Cmdlet(new Uri("http://127.0.0.1:1")).GetType()).Distinct().Count();
        // Get-BackupContext and Disconnect-BackupVault take no input that could be wrong.
        var withoutInput = new[] { typeof(GetBackupContextCommand), typeof(DisconnectBackupVaultCommand) };
        Assert.Equal(ModuleMetadata.Cmdlets.Except(withoutInput).Count(), cmdlets);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Refused_before_any_request(string name)
    {
        var @case = Cases[name];
        await using var emulator = await TestEmulator.StartAsync();
        BackupSession.Current = new BackupContext(TestEmulator.Client(emulator), TestEmulator.VaultId, "Emulator", null);
        var cmdlet = @case.Cmdlet(emulator.BaseUri);
        if (cmdlet is ConnectBackupVaultCommand connect && connect.ResourceManagerUrl == null) connect.ResourceManagerUrl = emulator.BaseUri;

        RecordedError error;
        try
        {
            var host = Pipeline.Run(cmdlet, @case.Input);
            error = Assert.Single(host.Errors);
            Assert.Empty(host.Output);
        }
        catch (TerminatingErrorException e)
        {
            error = e.Error;
        }

        Assert.Equal(ErrorCategory.InvalidArgument, error.Category);
        foreach (var part in @case.Message) Assert.Contains(part, error.Exception.Message);
        Assert.Equal(0, emulator.Log.Count);
    }
}
#endif
