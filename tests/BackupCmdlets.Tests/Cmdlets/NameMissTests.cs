using System.Management.Automation;
using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Cmdlets;

/// <summary>
/// Issue 11, "a name that matches nothing is silence": an exact name that matches nothing is one
/// non-terminating ObjectNotFound error per name, the name as its target, saying what was searched,
/// in which vault and how to see valid names; a wildcard that matches nothing stays silent.
/// </summary>
public class NameMissTests : IClassFixture<ProtectedWorkloads>
{
    readonly ProtectedWorkloads vault;

    public NameMissTests(ProtectedWorkloads vault) => this.vault = vault;

    PowerShellSession Session() => PowerShellSession.Connected(vault.Emulator);

    static ErrorRecord Miss(PsRun run, string target)
    {
        var error = Assert.Single(run.Errors, e => Equals(e.TargetObject, target));
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.EndsWith("NotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains($"'{target}'", error.Exception.Message);
        return error;
    }

    [Fact]
    public void A_typo_in_a_protected_item_name_is_an_error_and_starts_no_backup()
    {
        using var ps = Session();
        var before = vault.Emulator.Log.Count;
        var run = ps.Run("Get-BackupProtectedItem -Name mdsb | Start-BackupItem -BackupType Full; $ok = $?; $ok");
        var error = Miss(run, "mdsb");
        Assert.Equal(CmdletErrorChecks.Qualified("ProtectedItemNotFound", "Get-BackupProtectedItem"), error.FullyQualifiedErrorId);
        Assert.Equal("No protected item named 'mdsb' in vault 'SQLServer2012'. Run Get-BackupProtectedItem to see the names it protects, or Get-BackupProtectableItem for items not protected yet.", error.Exception.Message);
        Assert.Equal(false, Assert.Single(run.Output).BaseObject);
        Assert.DoesNotContain(vault.Emulator.Log.Entries.Skip(before), e => e.Method == "POST");
    }

    [Fact]
    public void Each_missing_name_is_its_own_error_and_a_wildcard_that_matches_nothing_is_silent()
    {
        using var ps = Session();
        var run = ps.Run("Get-BackupProtectedItem -Name msdb, nope, NOPE2, 'zz*'");
        Assert.Equal("msdb", Assert.Single(run.OutputOf<ProtectedItem>()).FriendlyName);
        Assert.Equal(2, run.Errors.Count);
        Miss(run, "nope");
        Miss(run, "NOPE2");

        var wildcard = ps.Run("Get-BackupProtectedItem -Name 'zz*'; $ok = $?; $ok");
        Assert.Empty(wildcard.Errors);
        Assert.Equal(true, Assert.Single(wildcard.Output).BaseObject);
    }

    [Fact]
    public void A_server_that_matches_nothing_is_an_error_naming_the_other_filters()
    {
        using var ps = Session();
        var server = ps.Run("Get-BackupProtectedItem -ServerName sqlserver-9");
        Assert.Contains("No protected item on server 'sqlserver-9'", Miss(server, "sqlserver-9").Exception.Message);

        // The name exists, but not on that server: the message says which filters were in effect.
        var both = ps.Run("Get-BackupProtectedItem -Name msdb -ServerName ad-primary-dc");
        Assert.Equal(2, both.Errors.Count);
        Assert.Contains("(with server 'ad-primary-dc')", Miss(both, "msdb").Exception.Message);
        Assert.Contains("(with item 'msdb')", Miss(both, "ad-primary-dc").Exception.Message);
    }

    [Fact]
    public void Protectable_item_names_and_servers_that_match_nothing_are_errors()
    {
        using var ps = Session();
        var name = ps.Run("Get-BackupProtectableItem -Name SalseDB");
        var error = Miss(name, "SalseDB");
        Assert.Equal(CmdletErrorChecks.Qualified("ProtectableItemNotFound", "Get-BackupProtectableItem"), error.FullyQualifiedErrorId);
        Assert.Contains("in vault 'SQLServer2012'", error.Exception.Message);
        Assert.Contains("Invoke-BackupContainerInquiry", error.Exception.Message);

        var server = ps.Run("Get-BackupProtectableItem -ServerName sqlserver-9");
        Assert.Contains("No protectable item on server 'sqlserver-9'", Miss(server, "sqlserver-9").Exception.Message);

        Assert.Empty(ps.Run("Get-BackupProtectableItem -Name 'Salse*' -ServerName 'nothing*'").Errors);
        Assert.Single(ps.Run("Get-BackupProtectableItem -Name SalesDB -ServerName sqlserver-0").AssertNoErrors().OutputOf<ProtectableItem>());
    }

    [Fact]
    public void A_name_missing_from_every_piped_container_is_one_error_and_found_in_one_is_none()
    {
        using var ps = Session();
        // Two containers piped (the SQL VM and the storage account): SalesDB is in one of them, so it is no miss.
        var found = ps.Run("Get-BackupContainer | Get-BackupProtectableItem -Name SalesDB");
        Assert.Empty(found.Errors);
        Assert.Single(found.OutputOf<ProtectableItem>());

        var missing = ps.Run("Get-BackupContainer -FriendlyName sqlserver-0 | Get-BackupProtectableItem -Name SalseDB");
        Assert.Contains("in container 'sqlserver-0' of vault 'SQLServer2012'", Miss(missing, "SalseDB").Exception.Message);
        Assert.Single(missing.Errors);
    }

    [Fact]
    public void Container_and_protectable_container_names_that_match_nothing_are_errors()
    {
        using var ps = Session();
        var container = ps.Run("Get-BackupContainer -FriendlyName sqlserver-9");
        var error = Miss(container, "sqlserver-9");
        Assert.Equal(CmdletErrorChecks.Qualified("ContainerNotFound", "Get-BackupContainer"), error.FullyQualifiedErrorId);
        Assert.Equal("No container named 'sqlserver-9' is registered with vault 'SQLServer2012'. Run Get-BackupContainer to see the registered ones, or Get-BackupProtectableContainer for those discovered and not registered yet.", error.Exception.Message);

        var protectable = ps.Run("Get-BackupProtectableContainer -FriendlyName sqlserver-9");
        var miss = Miss(protectable, "sqlserver-9");
        Assert.Equal(CmdletErrorChecks.Qualified("ProtectableContainerNotFound", "Get-BackupProtectableContainer"), miss.FullyQualifiedErrorId);
        Assert.Contains("Invoke-BackupContainerRefresh", miss.Exception.Message);

        Assert.Empty(ps.Run("Get-BackupContainer -FriendlyName 'nothing*'; Get-BackupProtectableContainer -FriendlyName 'nothing*'").Errors);
    }

    [Fact]
    public void Policy_and_container_misses_read_the_same_way()
    {
        using var ps = Session();
        var exact = ps.Run("Get-BackupPolicy -Name NoSuchPolicy");
        Assert.StartsWith("BMSUserErrorPolicyNotFound,", Miss(exact, "NoSuchPolicy").FullyQualifiedErrorId);

        // With a wildcard beside it the list is read; the exact name that matched nothing is still an error.
        var mixed = ps.Run("Get-BackupPolicy -Name 'Hourly*', NoSuchPolicy");
        Assert.Equal("HourlyLogBackup", Assert.Single(mixed.OutputOf<BackupPolicy>()).Name);
        Assert.Equal(CmdletErrorChecks.Qualified("PolicyNotFound", "Get-BackupPolicy"), Miss(mixed, "NoSuchPolicy").FullyQualifiedErrorId);

        // A policy of another type is not what was asked for: an error, not silence.
        var otherType = ps.Run("Get-BackupPolicy -Name HourlyLogBackup -BackupManagementType AzureIaasVM");
        Assert.Empty(otherType.Output);
        Assert.Contains("is for AzureWorkload items, not AzureIaasVM", Miss(otherType, "HourlyLogBackup").Exception.Message);

        var container = ps.Run("Get-BackupContainer -Name 'VMAppContainer;Compute;SQLServerPMDemo;sqlserver-9'");
        Miss(container, "VMAppContainer;Compute;SQLServerPMDemo;sqlserver-9");
    }
}
