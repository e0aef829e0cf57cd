using BackupCmdlets.Client.Ids;

namespace BackupCmdlets.Tests.ClientTests;

public class ResourceIdTests
{
    [Fact]
    public void Ids_parse_and_compare_without_regard_to_case()
    {
        var a = ArmResourceId.Parse("/Subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SQLServerSelfHost/providers/microsoft.recoveryservices/vaults/SQLServer2012/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0");
        var b = ArmResourceId.Parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/sqlserverselfhost/providers/Microsoft.RecoveryServices/Vaults/sqlserver2012/backupfabrics/azure/protectioncontainers/vmappcontainer;compute;sqlserverpmdemo;SQLSERVER-0");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0", a.Get("PROTECTIONCONTAINERS"));
        Assert.Equal(new VaultId("00000000-0000-0000-0000-000000000000", "sqlserverselfhost", "SQLSERVER2012"), a.Vault);
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SQLServerSelfHost/providers/Microsoft.RecoveryServices/vaults/SQLServer2012", a.Vault!.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("subscriptions/x/resourceGroups/y")]
    [InlineData("/resourceGroups/y/providers/Microsoft.RecoveryServices/vaults/v")]
    [InlineData("/subscriptions//resourceGroups/y")]
    public void Malformed_ids_are_refused(string text)
    {
        Assert.False(ArmResourceId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ArmResourceId.Parse(text));
    }

    [Fact]
    public void A_non_vault_id_has_no_vault_and_VaultId_Parse_says_so()
    {
        var vm = ArmResourceId.Parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm");
        Assert.Null(vm.Vault);
        Assert.Contains("Recovery Services vault", Assert.Throws<FormatException>(() => VaultId.Parse(vm.Text)).Message);
    }

    [Fact]
    public void Child_paths_escape_names_but_keep_the_semicolons_of_backup_names()
    {
        var vault = new VaultId("00000000-0000-0000-0000-000000000000", "rg", "v1");
        Assert.EndsWith("/protectionContainers/VMAppContainer;Compute;rg;my%20vm", vault.PathOf("backupFabrics", "Azure", "protectionContainers", "VMAppContainer;Compute;rg;my vm"));
        Assert.Throws<ArgumentException>(() => new VaultId("00000000-0000-0000-0000-000000000000", "rg/evil", "v1"));
        Assert.Throws<ArgumentException>(() => new VaultId("00000000-0000-0000-0000-000000000000", " ", "v1"));
    }
}
