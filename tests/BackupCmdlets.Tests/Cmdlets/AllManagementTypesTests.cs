using BackupCmdlets.Client.Models;
using BackupCmdlets.Tests.Support;

namespace BackupCmdlets.Tests.Cmdlets;

/// <summary>
/// Issue 11, "defaults that hide things": without -BackupManagementType or -WorkloadType, the Get-*
/// cmdlets list every management type the vault has, not only databases in VMs; a type, a workload
/// or a piped container still narrows.
/// </summary>
public class AllManagementTypesTests : IClassFixture<ProtectedWorkloads>
{
    readonly ProtectedWorkloads vault;

    public AllManagementTypesTests(ProtectedWorkloads vault) => this.vault = vault;

    static string[] Types(IEnumerable<string?> types) => types.Select(t => t!).Distinct().OrderBy(t => t).ToArray();

    static readonly string[] All = { "AzureIaasVM", "AzureStorage", "AzureWorkload" };

    [Fact]
    public void Protected_items_of_every_type_are_listed_without_a_type()
    {
        using var ps = PowerShellSession.Connected(vault.Emulator);
        var items = ps.Run("Get-BackupProtectedItem").AssertNoErrors().OutputOf<ProtectedItem>().ToList();
        Assert.Equal(All, Types(items.Select(i => i.BackupManagementType)));
        Assert.Equal(new[] { "ad-primary-dc", "invoices", "msdb" }, items.Select(i => i.FriendlyName).OrderBy(n => n).ToArray());

        Assert.Equal("msdb", Assert.Single(ps.Run("Get-BackupProtectedItem -BackupManagementType AzureWorkload").AssertNoErrors().OutputOf<ProtectedItem>()).FriendlyName);
        Assert.Equal("ad-primary-dc", Assert.Single(ps.Run("Get-BackupProtectedItem -WorkloadType VM").AssertNoErrors().OutputOf<ProtectedItem>()).FriendlyName);
        // A name of any type is found without saying its type.
        Assert.Equal("invoices", Assert.Single(ps.Run("Get-BackupProtectedItem -Name invoices").AssertNoErrors().OutputOf<ProtectedItem>()).FriendlyName);
    }

    [Fact]
    public void Containers_of_every_type_are_listed_without_a_type()
    {
        using var ps = PowerShellSession.Connected(vault.Emulator);
        var containers = ps.Run("Get-BackupContainer").AssertNoErrors().OutputOf<ProtectionContainer>().ToList();
        Assert.Equal(All, Types(containers.Select(c => c.BackupManagementType)));
        Assert.Equal("sqlserver-0", Assert.Single(ps.Run("Get-BackupContainer -BackupManagementType AzureWorkload").AssertNoErrors().OutputOf<ProtectionContainer>()).FriendlyName);
        Assert.Equal("shopkartfiles", Assert.Single(ps.Run("Get-BackupContainer -FriendlyName shopkartfiles").AssertNoErrors().OutputOf<ProtectionContainer>()).FriendlyName);
    }

    [Fact]
    public void Protectable_items_of_every_type_are_listed_and_a_piped_container_still_narrows()
    {
        using var ps = PowerShellSession.Connected(vault.Emulator);
        var items = ps.Run("Get-BackupProtectableItem").AssertNoErrors().OutputOf<ProtectableItem>().ToList();
        Assert.Equal(All, Types(items.Select(i => i.BackupManagementType)));
        Assert.Contains(items, i => i.FriendlyName == "reports");
        Assert.Contains(items, i => i.FriendlyName == "SalesDB");
        Assert.Contains(items, i => i.FriendlyName == "ad-secondry-dc");

        var before = vault.Emulator.Log.Count;
        var shares = ps.Run("Get-BackupContainer -FriendlyName shopkartfiles -BackupManagementType AzureStorage | Get-BackupProtectableItem").AssertNoErrors().OutputOf<ProtectableItem>().ToList();
        Assert.Equal(new[] { "invoices", "reports", "scans" }, shares.Select(i => i.FriendlyName).OrderBy(n => n).ToArray());
        // The piped container's type is the one listed: one list of containers, one of AzureStorage items.
        var lists = vault.Emulator.Log.Entries.Skip(before).Where(e => e.Path.EndsWith("/backupProtectableItems")).ToList();
        Assert.Contains("'AzureStorage'", Uri.UnescapeDataString(Assert.Single(lists).Query));
    }

    [Fact]
    public void Protectable_containers_of_every_type_that_has_them_are_listed()
    {
        using var ps = PowerShellSession.Connected(vault.Emulator);
        var before = vault.Emulator.Log.Count;
        ps.Run("Get-BackupProtectableContainer").AssertNoErrors();
        var queries = vault.Emulator.Log.Entries.Skip(before).Where(e => e.Path.EndsWith("/protectableContainers")).Select(e => Uri.UnescapeDataString(e.Query)).ToList();
        Assert.Equal(2, queries.Count);
        Assert.Contains(queries, q => q.Contains("'AzureWorkload'"));
        Assert.Contains(queries, q => q.Contains("'AzureStorage'"));
    }
}
