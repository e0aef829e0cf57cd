using System.Management.Automation;
using System.Text.Json;
using BackupCmdlets.Client.Models;

namespace BackupCmdlets.Tests.Support;

/// <summary>
/// Terminating errors as a script meets them. In a script a cmdlet's terminating error stops its statement
/// and lands in the error stream, like a non-terminating one; only try/catch tells the two apart, so
/// <see cref="Caught"/> runs the script inside one.
/// </summary>
internal static class CmdletErrorChecks
{
    /// <summary>What a script wrote, and the error its try/catch caught (null when nothing terminated).</summary>
    internal sealed record CaughtRun(PsRun Run, ErrorRecord? Error)
    {
        /// <summary>The caught error, asserting there was one and that nothing else reached the error stream.</summary>
        public ErrorRecord Terminating()
        {
            Assert.True(Error != null, "expected a terminating error; written errors: " + string.Join("; ", Run.AllErrors.Select(e => e.FullyQualifiedErrorId)));
            Assert.Empty(Run.Errors);
            return Error!;
        }
    }

    /// <summary>Runs <paramref name="script"/> inside <c>try { } catch { }</c> and keeps what was caught.</summary>
    public static CaughtRun Caught(this PowerShellSession ps, string script, params (string Name, object? Value)[] variables)
    {
        var run = ps.Run("$global:CaughtError = $null\ntry {\n" + script + "\n} catch { $global:CaughtError = $_ }", variables);
        var value = ps.Runspace.SessionStateProxy.GetVariable("CaughtError");
        var caught = (value is PSObject wrapped ? wrapped.BaseObject : value) as ErrorRecord;
        return new CaughtRun(run, caught);
    }

    /// <summary>PowerShell's FullyQualifiedErrorId for an error the cmdlet <paramref name="command"/> reported with <paramref name="id"/>.</summary>
    public static string Qualified(string id, string command) => $"{id},BackupCmdlets.Cmdlets.{command.Replace("-", "")}Command";
}

/// <summary>Objects of a vault, as the service would describe them, for input that must be refused before any request.</summary>
internal static class CmdletInputObjects
{
    public const string Sub = TestEmulator.Subscription;
    public const string Here = "/subscriptions/" + Sub + "/resourceGroups/SQLServerSelfHost/providers/Microsoft.RecoveryServices/vaults/SQLServer2012";
    public const string Elsewhere = "/subscriptions/" + Sub + "/resourceGroups/Other/providers/Microsoft.RecoveryServices/vaults/Elsewhere";
    const string Container = "/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0";

    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    public static ProtectableContainer ProtectableIn(string vault) => new(Json($$$"""{"id":"{{{vault}}}/backupFabrics/Azure/protectableContainers/VMAppContainer;Compute;rg;vm","name":"VMAppContainer;Compute;rg;vm","properties":{"friendlyName":"vm","protectableContainerType":"VMAppContainer","backupManagementType":"AzureWorkload"}}"""));
    public static ProtectionContainer ContainerIn(string vault) => new(Json($$$"""{"id":"{{{vault}}}{{{Container}}}","name":"VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0","properties":{"friendlyName":"sqlserver-0","containerType":"VMAppContainer","registrationStatus":"Registered"}}"""));
    public static ProtectableItem ProtectableItemIn(string vault, string type = "SQLDataBase") => new(Json($$$"""{"id":"{{{vault}}}{{{Container}}}/protectableItems/sqldatabase;mssqlserver;msdb","name":"sqldatabase;mssqlserver;msdb","properties":{"protectableItemType":"{{{type}}}","friendlyName":"msdb","backupManagementType":"AzureWorkload","workloadType":"SQLDataBase"}}"""));
    public static ProtectedItem ItemIn(string vault, string managementType = "AzureWorkload") => new(Json($$$"""{"id":"{{{vault}}}{{{Container}}}/protectedItems/sqldatabase;mssqlserver;msdb","name":"sqldatabase;mssqlserver;msdb","properties":{"protectedItemType":"AzureVmWorkloadSQLDatabase","friendlyName":"msdb","backupManagementType":"{{{managementType}}}"}}"""));
    public static BackupJob JobIn(string vault) => new(Json($$$"""{"id":"{{{vault}}}/backupJobs/j1","name":"j1","properties":{"jobType":"AzureWorkloadJob","operation":"Backup","status":"InProgress","entityFriendlyName":"msdb","backupManagementType":"AzureWorkload"}}"""));
    public static BackupPolicy PolicyIn(string vault) => new(Json($$$"""{"id":"{{{vault}}}/backupPolicies/HourlyLogBackup","name":"HourlyLogBackup","properties":{"backupManagementType":"AzureWorkload"}}"""));
    public static RecoveryPoint RecoveryPointIn(string vault) => new(Json($$$"""{"id":"{{{vault}}}{{{Container}}}/protectedItems/sqldatabase;mssqlserver;msdb/recoveryPoints/1","name":"1","properties":{"objectType":"AzureWorkloadSQLRecoveryPoint","type":"Full","recoveryPointTimeInUTC":"2025-01-01T00:00:00Z"}}"""));
}
